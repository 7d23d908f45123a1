using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

public sealed class ContextWindowReducerTests
{
    private static readonly ChatTokenCounter Counter = new(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);

    private static ContextWindowOptions SmallWindow() => new() { Window = 4_000, ReservedOutputTokens = 500, KeepRecentTokens = 600, MaxToolResultTokens = 200 };

    private static string Words(int tokens, string seed) =>
        string.Join(' ', Enumerable.Range(0, tokens).Select(i => $"{seed}{i % 97}"));

    private static List<ChatMessage> Conversation(int turns, int tokensPerMessage = 150)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, "You are terse.") };
        for (var i = 0; i < turns; i++)
        {
            messages.Add(new ChatMessage(ChatRole.User, $"question {i}: " + Words(tokensPerMessage / 2, "q")));
            messages.Add(new ChatMessage(ChatRole.Assistant, $"answer {i}: " + Words(tokensPerMessage / 2, "a")));
        }

        return messages;
    }

    [Fact]
    public async Task A_request_that_fits_is_sent_as_it_is()
    {
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), FactKeepingSummarizer.Create());
        var messages = Conversation(3);

        var reduction = await reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken);

        Assert.Same(messages, reduction.Messages);
        Assert.False(reduction.Usage.Compacted);
        Assert.Equal(Counter.CountMessages(messages), reduction.Usage.UsedTokens);
        Assert.True(reduction.Usage.IsExact);
    }

    [Fact]
    public async Task Old_tool_results_are_cut_to_head_and_tail_first_and_the_caller_list_is_untouched()
    {
        var log = string.Join('\n', Enumerable.Range(0, 400).Select(i => $"line {i}: build step {i} finished in {i * 7} ms"));
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "run the build"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "run", new Dictionary<string, object?> { ["cmd"] = "make" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", log)]),
            new(ChatRole.Assistant, "The build passed."),
            new(ChatRole.User, "thanks, " + Words(100, "x")),
        };
        var original = messages.ToList();
        var summarizer = FactKeepingSummarizer.Create();
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer);

        var reduction = await reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken);

        Assert.Equal(original, messages, ReferenceEqualityComparer.Instance);
        Assert.Equal(1, reduction.Usage.ToolResultsShrunk);
        Assert.Empty(summarizer.Requests);
        var result = Assert.Single(reduction.Messages.SelectMany(m => m.Contents.OfType<FunctionResultContent>()));
        var text = (string)result.Result!;
        Assert.StartsWith("line 0: build step 0", text, StringComparison.Ordinal);
        Assert.EndsWith("line 399: build step 399 finished in 2793 ms", text, StringComparison.Ordinal);
        Assert.Contains("were cut from the middle of this tool result", text, StringComparison.Ordinal);
        Assert.True(Counter.CountText(text) <= 200);
        Assert.True(reduction.Usage.UsedTokens <= reduction.Usage.CompactionThreshold);
    }

    [Fact]
    public async Task Oldest_turns_are_folded_incrementally_and_the_stored_summary_is_reused()
    {
        var summarizer = FactKeepingSummarizer.Create();
        var store = new InMemoryContextSummaryStore();
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer, store);
        var messages = Conversation(12);
        messages.Insert(1, new ChatMessage(ChatRole.User, "FACT: the staging host is db-7.internal"));
        var cancellationToken = TestContext.Current.CancellationToken;

        var first = await reducer.ReduceAsync(messages, null, cancellationToken);
        var firstCalls = summarizer.Requests.Count;
        Assert.InRange(firstCalls, 1, 3);
        Assert.Equal(firstCalls, first.Usage.SummarizerCalls);
        Assert.True(first.Usage.MessagesSummarized > 0);
        Assert.True(first.Usage.UsedTokens <= first.Usage.Budget);
        Assert.Equal(ChatRole.System, first.Messages[0].Role);
        Assert.Equal("You are terse.", first.Messages[0].Text);
        Assert.True(first.Messages[1].AdditionalProperties!.ContainsKey(ContextMessages.SummaryKey));
        Assert.Contains("question 0:", summarizer.Requests[0].Messages[^1].Text, StringComparison.Ordinal);

        // The same history again, from a new reducer over the same store (a restarted process): no new summary.
        var restarted = new ContextWindowReducer(Counter, SmallWindow(), summarizer, store);
        var again = await restarted.ReduceAsync(messages.ToList(), null, cancellationToken);
        Assert.Equal(firstCalls, summarizer.Requests.Count);
        Assert.True(again.Usage.SummaryApplied);
        Assert.Equal(0, again.Usage.MessagesSummarized);
        Assert.Equal(first.Messages.Select(m => m.Text), again.Messages.Select(m => m.Text));

        // More turns: each later fold gets the previous summary and only turns it has not seen.
        messages.AddRange(Conversation(12).Skip(1).Select(m => new ChatMessage(m.Role, "later " + m.Text)));
        var second = await restarted.ReduceAsync(messages, null, cancellationToken);
        Assert.True(summarizer.Requests.Count > firstCalls);
        for (var call = 1; call < summarizer.Requests.Count; call++)
        {
            var foldInput = summarizer.Requests[call].Messages[^1].Text;
            Assert.Contains(summarizer.Responses[call - 1].Text, foldInput, StringComparison.Ordinal);
            Assert.DoesNotContain("\nquestion 0:", foldInput, StringComparison.Ordinal);
        }

        Assert.Contains("FACT: the staging host is db-7.internal", second.Messages[1].Text, StringComparison.Ordinal);
        Assert.True(second.Usage.UsedTokens <= second.Usage.Budget);
    }

    [Fact]
    public async Task A_changed_history_does_not_reuse_a_summary_that_covered_other_messages()
    {
        var summarizer = FactKeepingSummarizer.Create();
        var store = new InMemoryContextSummaryStore();
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer, store);
        var messages = Conversation(12);
        await reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken);

        var callsBefore = summarizer.Requests.Count;
        var edited = messages.ToList();
        edited[1] = new ChatMessage(ChatRole.User, "an edited first question " + Words(70, "e"));
        var reduction = await reducer.ReduceAsync(edited, null, TestContext.Current.CancellationToken);

        Assert.True(summarizer.Requests.Count > callsBefore);
        Assert.Contains("an edited first question", summarizer.Requests[callsBefore].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains("(none: this is the start of the conversation)", summarizer.Requests[callsBefore].Messages[^1].Text, StringComparison.Ordinal);
        Assert.True(reduction.Usage.MessagesSummarized > 0);
    }

    [Fact]
    public async Task Without_a_summarizer_the_oldest_turns_are_dropped_with_a_note()
    {
        var reducer = new ContextWindowReducer(Counter, SmallWindow());
        var messages = Conversation(20);

        var reduction = await reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken);

        Assert.True(reduction.Usage.MessagesDropped > 0);
        Assert.True(reduction.Usage.UsedTokens <= reduction.Usage.CompactionThreshold);
        var note = Assert.Single(reduction.Messages, m => m.AdditionalProperties?.ContainsKey(ContextMessages.DroppedKey) == true);
        Assert.Contains($"{reduction.Usage.MessagesDropped} earlier messages", note.Text, StringComparison.Ordinal);
        Assert.Equal(messages[^1], reduction.Messages[^1]);
        Assert.Equal("You are terse.", reduction.Messages[0].Text);
        Assert.Equal(reduction.Usage.UsedTokens, Counter.CountMessages(reduction.Messages));
    }

    [Fact]
    public async Task A_failing_summarizer_falls_back_to_the_sliding_window_and_says_why()
    {
        var summarizer = new RecordingChatClient { Respond = (_, _) => throw new HttpRequestException("summarizer is down") };
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer);

        var reduction = await reducer.ReduceAsync(Conversation(20), null, TestContext.Current.CancellationToken);

        Assert.Equal("summarizer is down", reduction.Usage.SummarizerError);
        Assert.True(reduction.Usage.MessagesDropped > 0);
        Assert.True(reduction.Usage.UsedTokens <= reduction.Usage.CompactionThreshold);
    }

    [Fact]
    public async Task Pinned_messages_and_tool_pairs_stay_whole()
    {
        var messages = Conversation(10);
        ContextMessages.Pin(messages[3]);
        messages.InsertRange(5,
        [
            new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("p1", "lookup"), new FunctionCallContent("p2", "lookup")]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("p1", Words(60, "r"))]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("p2", Words(60, "s"))]),
        ]);

        foreach (var summarizer in new IChatClient?[] { null, FactKeepingSummarizer.Create() })
        {
            var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer);
            var reduction = await reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken);

            Assert.True(reduction.Usage.MessagesDropped + reduction.Usage.MessagesSummarized > 0);
            Assert.Contains(messages[3], reduction.Messages);
            var calls = reduction.Messages.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).Select(c => c.CallId).ToList();
            var results = reduction.Messages.SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(c => c.CallId).ToList();
            Assert.Equal(calls.Order(), results.Order());
        }
    }

    [Fact]
    public async Task Forced_compaction_summarizes_even_a_small_conversation()
    {
        var summarizer = FactKeepingSummarizer.Create();
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer);
        var messages = Conversation(3);

        var reduction = await reducer.CompactAsync(messages, null, TestContext.Current.CancellationToken);

        Assert.Single(summarizer.Requests);
        Assert.Equal(1, reduction.Usage.SummarizerCalls);
        Assert.True(reduction.Usage.MessagesSummarized >= 1);
        Assert.Equal(messages[^1], reduction.Messages[^1]);
    }

    [Fact]
    public async Task A_conversation_compacted_once_stays_compacted_on_the_next_turns()
    {
        var summarizer = FactKeepingSummarizer.Create();
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer);
        var messages = Conversation(3);
        var compacted = await reducer.CompactAsync(messages, null, TestContext.Current.CancellationToken);

        messages.Add(new ChatMessage(ChatRole.Assistant, "the answer"));
        messages.Add(new ChatMessage(ChatRole.User, "next question"));
        var next = await reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken);

        Assert.Single(summarizer.Requests);
        Assert.True(next.Usage.SummaryApplied);
        Assert.Equal(compacted.Usage.MessagesSummarized, next.Usage.MessagesCoveredBySummary);
        Assert.Equal(compacted.Messages.Count + 2, next.Messages.Count);
        Assert.True(next.Usage.UsedTokens < Counter.CountMessages(messages));
    }

    [Fact]
    public async Task Measure_breaks_the_request_down_without_calling_the_summarizer()
    {
        var summarizer = FactKeepingSummarizer.Create();
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), summarizer);
        var tool = AIFunctionFactory.Create((string city) => city, "weather", "The weather in a city.");
        var options = new ChatOptions { Tools = [tool], Instructions = "Answer in French." };
        var messages = Conversation(2);
        messages.Add(new ChatMessage(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]));

        var usage = await reducer.MeasureAsync(messages, options, TestContext.Current.CancellationToken);

        Assert.Empty(summarizer.Requests);
        Assert.Equal(ChatTokenCounter.DefaultImageTokens, usage.Breakdown.Images);
        Assert.Equal(Counter.CountTools(options.Tools), usage.Breakdown.Tools);
        Assert.True(usage.Breakdown.System > Counter.CountText("You are terse."));
        Assert.Equal(Counter.CountRequest(messages, options), usage.UsedTokens);
        Assert.Equal(usage.UsedTokens, usage.Breakdown.Total);
    }

    [Fact]
    public async Task A_system_prompt_larger_than_the_window_is_a_clear_error()
    {
        var reducer = new ContextWindowReducer(Counter, SmallWindow(), FactKeepingSummarizer.Create());
        List<ChatMessage> messages = [new(ChatRole.System, Words(5_000, "s")), new(ChatRole.User, "hi")];

        var error = await Assert.ThrowsAsync<ContextWindowExceededException>(() => reducer.ReduceAsync(messages, null, TestContext.Current.CancellationToken));

        Assert.Equal(3_500, error.BudgetTokens);
        Assert.True(error.RequiredTokens > 5_000);
        Assert.Contains("system prompt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_output_cap_replaces_the_reserve()
    {
        var reducer = new ContextWindowReducer(Counter, SmallWindow());
        var usage = await reducer.MeasureAsync(Conversation(1), new ChatOptions { MaxOutputTokens = 1_000 }, TestContext.Current.CancellationToken);
        Assert.Equal(1_000, usage.ReservedOutputTokens);
        Assert.Equal(3_000, usage.Budget);
    }

    [Theory]
    [InlineData(0, 0, 0.8, "Window")]
    [InlineData(1000, 1000, 0.8, "ReservedOutputTokens")]
    [InlineData(1000, 100, 1.5, "AutoCompactAt")]
    [InlineData(1000, 100, 0, "AutoCompactAt")]
    public void Bad_options_are_refused_naming_the_setting(long window, long reserved, double autoCompactAt, string setting)
    {
        var options = new ContextWindowOptions { Window = window, ReservedOutputTokens = reserved, AutoCompactAt = autoCompactAt };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ContextWindowReducer(Counter, options));
        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void Keep_recent_beyond_the_threshold_is_refused()
    {
        var options = new ContextWindowOptions { Window = 1_000, ReservedOutputTokens = 100, KeepRecentTokens = 5_000 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ContextWindowReducer(Counter, options));
        Assert.Equal(nameof(ContextWindowOptions.KeepRecentTokens), error.ParamName);
    }

    [Fact]
    public void Options_for_a_catalog_model_take_its_window_and_reserve()
    {
        var options = ContextWindowOptions.ForModel(new Switchboard.Catalog.ModelInfo { Id = "openai/gpt-4.1", ContextWindow = 1_047_576, MaxOutputTokens = 32_768 });
        Assert.Equal(1_047_576, options.Window);
        Assert.Equal(32_768, options.ReservedOutputTokens);
        Assert.Throws<ArgumentException>(() => ContextWindowOptions.ForModel(new Switchboard.Catalog.ModelInfo { Id = "x/unknown" }));
    }
}
