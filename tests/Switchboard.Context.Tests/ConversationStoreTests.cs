using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Conversations;
using Switchboard.Context.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

public sealed class ConversationStoreTests
{
    private static JsonSerializerOptions StickerOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(AIJsonUtilities.DefaultOptions.TypeInfoResolver, TestJsonContext.Default),
        };
        options.AddAIContentType<StickerContent>("sticker");
        return options;
    }

    private static List<ChatMessage> MixedTurn() =>
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, [new TextContent("what is in /etc/hostname?"), new DataContent(new byte[] { 0x89, 0x50, 0x4e, 0x47 }, "image/png") { Name = "screen.png" }]),
        new(ChatRole.Assistant, [new TextReasoningContent("read the file") { ProtectedData = "sig-1" }, new FunctionCallContent("call_1", "read_file", new Dictionary<string, object?> { ["path"] = "/etc/hostname" })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", "build-42\n")]),
        new(ChatRole.Assistant, "It is build-42.") { AuthorName = "helper", AdditionalProperties = new() { [ContextMessages.PinnedKey] = true } },
    ];

    [Fact]
    public async Task Messages_round_trip_with_tool_calls_results_images_and_marks()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        var turn = MixedTurn();
        string id;
        await using (var store = await SqliteConversationStore.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken))
        {
            id = (await store.CreateAsync("openai/gpt-4.1", "/work/project", "Hostnames", cancellationToken)).Id;
            await store.AppendAsync(id, turn);
        }

        await using var reopened = await SqliteConversationStore.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken);
        var stored = await reopened.GetAsync(id, cancellationToken);

        Assert.NotNull(stored);
        Assert.Equal(5, stored.Info.MessageCount);
        Assert.Equal("Hostnames", stored.Info.Title);
        Assert.Equal(turn.Select(Json), stored.Messages.Select(Json));
        var call = Assert.IsType<FunctionCallContent>(stored.Messages[2].Contents[1]);
        Assert.Equal("/etc/hostname", call.Arguments!["path"]!.ToString());
        Assert.Equal("sig-1", Assert.IsType<TextReasoningContent>(stored.Messages[2].Contents[0]).ProtectedData);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47 }, Assert.IsType<DataContent>(stored.Messages[1].Contents[1]).Data.ToArray());
        Assert.True(ContextMessages.IsPinned(stored.Messages[4]));

        static string Json(ChatMessage m) => JsonSerializer.Serialize(m, AIJsonUtilities.DefaultOptions);
    }

    [Fact]
    public async Task Custom_content_needs_options_that_know_it_and_the_error_says_so()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        var sticker = new ChatMessage(ChatRole.User, [new TextContent("look"), new StickerContent("party-parrot")]);

        await using (var plain = await SqliteConversationStore.OpenAsync(directory.File("plain.db"), cancellationToken: cancellationToken))
        {
            var id = (await plain.CreateAsync("openai/gpt-4.1", cancellationToken: cancellationToken)).Id;
            var error = await Assert.ThrowsAsync<ArgumentException>(() => plain.AppendAsync(id, sticker));
            Assert.Contains("serializer options", error.Message, StringComparison.Ordinal);
        }

        await using var store = await SqliteConversationStore.OpenAsync(directory.File("stickers.db"), StickerOptions(), cancellationToken: cancellationToken);
        var conversation = (await store.CreateAsync("openai/gpt-4.1", cancellationToken: cancellationToken)).Id;
        await store.AppendAsync(conversation, sticker);
        var stored = await store.GetAsync(conversation, cancellationToken);
        Assert.Equal("party-parrot", Assert.IsType<StickerContent>(stored!.Messages[0].Contents[1]).Name);
    }

    [Fact]
    public async Task List_last_meter_rename_and_delete()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var store = await SqliteConversationStore.OpenAsync(directory.File("usage.db"), timeProvider: time, cancellationToken: cancellationToken);
        var a = await store.CreateAsync("openai/gpt-4.1", "/work/a", cancellationToken: cancellationToken);
        time.Advance(TimeSpan.FromMinutes(1));
        var b = await store.CreateAsync("anthropic/claude-sonnet-4-5", "/work/b", cancellationToken: cancellationToken);
        time.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(a.Id, new ChatMessage(ChatRole.User, "hello again"));
        await store.UpdateMeterAsync(a.Id, new ContextUsage
        {
            UsedTokens = 1_234,
            Window = 32_000,
            ReservedOutputTokens = 4_000,
            CompactionThreshold = 25_600,
            MessagesSummarized = 3,
            IsExact = true,
            Breakdown = new ContextBreakdown(10, 20, 1_204, 0, 0),
        });
        await store.RenameAsync(a.Id, "Greetings");

        var all = await store.ListAsync(cancellationToken: cancellationToken);
        Assert.Equal([a.Id, b.Id], all.Select(c => c.Id));
        Assert.Equal(1_234, all[0].UsedTokens);
        Assert.Equal(32_000, all[0].WindowTokens);
        Assert.True(all[0].Compacted);
        Assert.Equal("Greetings", all[0].Title);
        Assert.Equal(b.Id, (await store.GetLastAsync("/work/b", cancellationToken))!.Id);
        Assert.Equal(a.Id, (await store.GetLastAsync(cancellationToken: cancellationToken))!.Id);

        Assert.True(await store.DeleteAsync(a.Id, cancellationToken));
        Assert.False(await store.DeleteAsync(a.Id, cancellationToken));
        Assert.Null(await store.GetAsync(a.Id, cancellationToken));
        Assert.Equal([b.Id], (await store.ListAsync(cancellationToken: cancellationToken)).Select(c => c.Id));
        await Assert.ThrowsAsync<ConversationNotFoundException>(() => store.AppendAsync(a.Id, new ChatMessage(ChatRole.User, "gone")));
    }

    [Fact]
    public async Task Summaries_are_kept_with_the_conversation_and_reused_after_reopening()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        var counter = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI);
        var options = new ContextWindowOptions { Window = 3_000, ReservedOutputTokens = 500, KeepRecentTokens = 300 };
        var summarizer = FactKeepingSummarizer.Create();
        var history = new List<ChatMessage> { new(ChatRole.System, "You are terse."), new(ChatRole.User, "FACT: the release is 7.2.1") };
        foreach (var document in RealText.Prose(12))
        {
            history.Add(new ChatMessage(ChatRole.User, document.Text[..Math.Min(1_500, document.Text.Length)]));
            history.Add(new ChatMessage(ChatRole.Assistant, "Noted."));
        }

        string id;
        ContextReduction first;
        await using (var store = await SqliteConversationStore.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken))
        {
            id = (await store.CreateAsync("openai/gpt-4o", cancellationToken: cancellationToken)).Id;
            await store.AppendAsync(id, history);
            first = await new ContextWindowReducer(counter, options, summarizer, store).ReduceAsync(history, null, cancellationToken);
        }

        var calls = summarizer.Requests.Count;
        Assert.True(calls > 0);
        await using (var reopened = await SqliteConversationStore.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken))
        {
            var resumed = (await reopened.GetAsync(id, cancellationToken))!.Messages;
            var fresh = new ChatTokenCounter(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI);
            var again = await new ContextWindowReducer(fresh, options, summarizer, reopened).ReduceAsync(resumed, null, cancellationToken);

            Assert.Equal(calls, summarizer.Requests.Count);
            Assert.True(again.Usage.SummaryApplied);
            Assert.Equal(first.Messages.Select(m => m.Text), again.Messages.Select(m => m.Text));

            Assert.True(await reopened.DeleteAsync(id, cancellationToken));
            Assert.Null(await new SqliteConversationStoreProbe(reopened).FindAnyAsync(history));
        }
    }

    [Fact]
    public async Task Export_as_markdown_and_json()
    {
        using var directory = new TempDirectory();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var store = await SqliteConversationStore.OpenAsync(directory.File("usage.db"), cancellationToken: cancellationToken);
        var id = (await store.CreateAsync("openai/gpt-4.1", title: "Hostnames", cancellationToken: cancellationToken)).Id;
        var turn = MixedTurn();
        turn.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_2", "```\nnested fence\n```")]));
        await store.AppendAsync(id, turn);

        var markdown = new StringWriter();
        await store.ExportMarkdownAsync(id, markdown, cancellationToken);
        var text = markdown.ToString();
        Assert.StartsWith("# Hostnames\n", text, StringComparison.Ordinal);
        Assert.Contains("## User\n\nwhat is in /etc/hostname?", text, StringComparison.Ordinal);
        Assert.Contains("*[image: screen.png]*", text, StringComparison.Ordinal);
        Assert.Contains("**Tool call** `read_file` (call_1)", text, StringComparison.Ordinal);
        Assert.Contains("\"path\": \"/etc/hostname\"", text.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("## Assistant (helper)\n\nIt is build-42.", text, StringComparison.Ordinal);
        Assert.Contains("````\n```\nnested fence\n```\n````", text, StringComparison.Ordinal);

        using var json = new MemoryStream();
        await store.ExportJsonAsync(id, json, cancellationToken);
        using var document = JsonDocument.Parse(json.ToArray());
        Assert.Equal(id, document.RootElement.GetProperty("id").GetString());
        var messages = document.RootElement.GetProperty("messages");
        Assert.Equal(6, messages.GetArrayLength());
        Assert.Equal("functionCall", messages[2].GetProperty("contents")[1].GetProperty("$type").GetString());

        await Assert.ThrowsAsync<ConversationNotFoundException>(() => store.ExportJsonAsync("nope", Stream.Null, cancellationToken));
    }
}
