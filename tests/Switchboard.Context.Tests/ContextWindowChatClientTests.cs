using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Context.Compaction;
using Switchboard.Context.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

public sealed class ContextWindowChatClientTests
{
    private static readonly ChatTokenCounter Counter = new(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);

    private static ContextWindowOptions Options() => new() { Window = 8_000, ReservedOutputTokens = 1_000 };

    [Fact]
    public async Task The_response_carries_the_meter_and_the_event_fires_before_sending()
    {
        var model = new RecordingChatClient();
        using var client = new ContextWindowChatClient(model, new ContextWindowReducer(Counter, Options()));
        var measured = new List<ContextUsage>();
        client.ContextMeasured += (_, usage) =>
        {
            Assert.Empty(model.Requests);
            measured.Add(usage);
        };
        var tool = AIFunctionFactory.Create((string city) => city, "weather", "The weather in a city.");
        var options = new ChatOptions { Tools = [tool] };
        List<ChatMessage> messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Weather in Oslo?")];

        var response = await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        var usage = Assert.IsType<ContextUsage>(response.AdditionalProperties![ContextWindowChatClient.UsagePropertyName]);
        Assert.Same(usage, Assert.Single(measured));
        Assert.Equal(Counter.CountRequest(messages, options), usage.UsedTokens);
        Assert.Equal(8_000, usage.Window);
        Assert.Equal(7_000, usage.Budget);
        Assert.False(usage.Compacted);
        Assert.True(usage.Breakdown.Tools > 0);
        Assert.Equal(messages, model.Requests[0].Messages);
    }

    [Fact]
    public async Task A_stream_carries_the_meter_on_its_first_update_and_calibrates_from_streamed_usage()
    {
        var calibration = TokenCountCalibration.CreateInMemory();
        var counter = new ChatTokenCounter(new CalibratedTokenCounter(new ScaledTokenCounter(TiktokenTokenCounter.Cl100kBase, 1.2), calibration, "anthropic/claude-sonnet-4-5"));
        var model = new RecordingChatClient
        {
            Respond = (_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("Hi."), new UsageContent(new UsageDetails { InputTokenCount = 300, OutputTokenCount = 2 })])),
        };
        using var client = new ContextWindowChatClient(model, new ContextWindowReducer(counter, Options()));
        List<ChatMessage> messages = [new(ChatRole.User, string.Join(' ', RealText.Prose(1)[0].Text.Split(' ').Take(150)))];

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, null, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.IsType<ContextUsage>(updates[0].AdditionalProperties![ContextWindowChatClient.UsagePropertyName]);
        Assert.Contains(ContextWindowChatClient.UsagePropertyName, updates.ToChatResponse().AdditionalProperties!.Keys);
        Assert.Equal(1, calibration.GetSampleCount("anthropic/claude-sonnet-4-5"));
        var (rawText, _) = counter.CountUncalibrated(messages, null);
        Assert.Equal(300.0 / rawText, calibration.GetRatio("anthropic/claude-sonnet-4-5"), 9);
    }

    [Fact]
    public async Task Usage_of_another_model_behind_a_route_is_not_learned()
    {
        var calibration = TokenCountCalibration.CreateInMemory();
        var counter = new ChatTokenCounter(new CalibratedTokenCounter(TiktokenTokenCounter.Cl100kBase, calibration, "anthropic/claude-sonnet-4-5"));
        var model = new RecordingChatClient
        {
            Respond = (_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hi."))
            {
                Usage = new UsageDetails { InputTokenCount = 40 },
                AdditionalProperties = new() { [SwitchboardProperties.ServedBy] = "openai/gpt-4.1" },
            },
        };
        using var client = new ContextWindowChatClient(model, new ContextWindowReducer(counter, Options()));

        await client.GetResponseAsync("hello there", null, TestContext.Current.CancellationToken);

        Assert.Equal(0, calibration.GetSampleCount("anthropic/claude-sonnet-4-5"));
    }

    [Fact]
    public async Task The_builder_adds_the_client_and_compact_reaches_it_through_GetService()
    {
        var summarizer = FactKeepingSummarizer.Create();
        var reducer = new ContextWindowReducer(Counter, Options(), summarizer);
        var services = new ServiceCollection().AddSingleton(reducer).BuildServiceProvider();
        using var client = new ChatClientBuilder(new RecordingChatClient()).UseContextWindow().Build(services);
        List<ChatMessage> history = [new(ChatRole.User, "FACT: the port is 8443"), new(ChatRole.Assistant, "Noted."), new(ChatRole.User, "And now?")];

        var window = client.GetService<ContextWindowChatClient>();
        Assert.NotNull(window);
        Assert.Same(reducer, window.Reducer);
        var compacted = await window.CompactAsync(history, null, TestContext.Current.CancellationToken);

        Assert.Single(summarizer.Requests);
        Assert.Contains("FACT: the port is 8443", compacted.Messages[0].Text, StringComparison.Ordinal);
        Assert.Same(history[^1], compacted.Messages[^1]);
        Assert.Equal(2, compacted.Usage.MessagesSummarized);
    }

    [Fact]
    public async Task The_reducer_also_works_behind_Microsoft_Extensions_AI_s_own_ReducingChatClient()
    {
        var model = new RecordingChatClient();
        var reducer = new ContextWindowReducer(Counter, new ContextWindowOptions { Window = 2_000, ReservedOutputTokens = 200, KeepRecentTokens = 300 });
        using var client = new ChatClientBuilder(model).UseChatReducer(reducer).Build();
        var history = new List<ChatMessage> { new(ChatRole.System, "Be brief.") };
        foreach (var document in RealText.Prose(8))
        {
            history.Add(new ChatMessage(ChatRole.User, document.Text[..Math.Min(1_200, document.Text.Length)]));
            history.Add(new ChatMessage(ChatRole.Assistant, "Noted."));
        }

        await client.GetResponseAsync(history, null, TestContext.Current.CancellationToken);

        var sent = Assert.Single(model.Requests).Messages;
        Assert.True(Counter.CountMessages(sent) <= 1_800);
        Assert.Contains(sent, m => m.AdditionalProperties?.ContainsKey(ContextMessages.DroppedKey) == true);
        Assert.Same(history[^1], sent[^1]);
    }

    [Fact]
    public void The_meter_serializes_with_the_source_generated_context()
    {
        var usage = new ContextUsage
        {
            UsedTokens = 25_000,
            Window = 32_000,
            ReservedOutputTokens = 4_000,
            CompactionThreshold = 25_600,
            MessagesSummarized = 12,
            IsExact = true,
            Breakdown = new ContextBreakdown(100, 900, 23_000, 500, 500),
        };

        using var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(usage, ContextJsonContext.Default.ContextUsage));

        Assert.Equal(25_000, json.RootElement.GetProperty("used_tokens").GetInt64());
        Assert.True(json.RootElement.GetProperty("compacted").GetBoolean());
        Assert.Equal(28_000, json.RootElement.GetProperty("budget").GetInt64());
        Assert.Equal(900, json.RootElement.GetProperty("breakdown").GetProperty("summary").GetInt64());
    }
}
