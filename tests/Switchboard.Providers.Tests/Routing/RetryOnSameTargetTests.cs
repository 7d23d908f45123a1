using Microsoft.Extensions.AI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Routing.RoutingTestKit;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>Retryable failures before the first token, through real HTTP: the same target is asked again and answers.</summary>
public sealed class RetryOnSameTargetTests
{
    private const string Model = "openai/gpt-test";
    private const string Stream = "openai/chat_stream_text.sse";
    private const string Response = "openai/chat_response_text.json";

    [Fact]
    public async Task Rate_limit_with_retry_after_waits_as_asked_then_the_same_target_answers()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync(
            "openai",
            Faults.Error(429, Fixture.Text("openai/error_429_rate_limit.json"), retryAfter: "1"),
            Faults.Serve(Stream, Response));
        var gemini = await chain.EmulateAsync("gemini", Faults.Serve("gemini/stream_text.sse"));
        var router = chain.Route(Fast, Model, "gemini/gemini-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal(2, openai.Requests.Count);
        Assert.Empty(gemini.Requests);
        Assert.True(openai.Gaps[0] >= TimeSpan.FromMilliseconds(900), $"the retry came {openai.Gaps[0].TotalMilliseconds:0} ms after a 429 that asked for 1 s");

        // An HTTP error status is not a broken stream: the retry streams again.
        Assert.All(openai.Requests, r => Assert.True(Faults.IsStreaming(r)));
        Assert.Equal(ExpectedText(Stream), TextOf(updates));
        Assert.Equal(Model, ServedBy(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai, gemini);
        var row = AssertCalls(summary, Model, calls: 2, failed: 1);
        var (input, output) = ExpectedTokens(Stream);
        Assert.Equal(input, row.InputTokens);
        Assert.Equal(output, row.OutputTokens);
        Assert.Equal(RoutedChain.CostOf(Model, input, output), row.CostUsd, 9);
        Assert.Equal(["rate_limited", "ok"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Service_unavailable_503_is_retried_on_the_same_target_still_streaming()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync(
            "openai",
            Faults.Error(503, """{"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error","param":null,"code":null}}"""),
            Faults.Serve(Stream, Response));
        var gemini = await chain.EmulateAsync("gemini", Faults.Serve("gemini/stream_text.sse"));
        var router = chain.Route(Fast, Model, "gemini/gemini-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal(2, openai.Requests.Count);
        Assert.Empty(gemini.Requests);
        Assert.All(openai.Requests, r => Assert.True(Faults.IsStreaming(r)));
        Assert.Equal(ExpectedText(Stream), TextOf(updates));
        Assert.Equal(Model, ServedBy(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai, gemini);
        var row = AssertCalls(summary, Model, calls: 2, failed: 1);
        var (input, output) = ExpectedTokens(Stream);
        Assert.Equal(input, row.InputTokens);
        Assert.Equal(output, row.OutputTokens);
        Assert.Equal(RoutedChain.CostOf(Model, input, output), row.CostUsd, 9);
        Assert.Equal(["overloaded", "ok"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }

    /// <summary>A 200 stream cut before its first token: the retry goes without streaming, which survives a proxy that breaks SSE.</summary>
    [Theory]
    [InlineData(0)] // inside the first event
    [InlineData(1)] // after the first event, which carries only the role and an empty content
    public async Task Stream_reset_before_the_first_token_is_retried_without_streaming(int events)
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync("openai", Faults.ResetAfterEvents(Stream, events), Faults.Serve(Stream, Response));
        var gemini = await chain.EmulateAsync("gemini", Faults.Serve("gemini/stream_text.sse"));
        var router = chain.Route(Fast, Model, "gemini/gemini-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal(2, openai.Requests.Count);
        Assert.Empty(gemini.Requests);
        Assert.True(Faults.IsStreaming(openai.Requests[0]));
        Assert.False(openai.Requests[1].Json.TryGetProperty("stream", out var stream) && stream.GetBoolean(), "the retry must not stream");
        Assert.Equal(ExpectedText(Response), TextOf(updates));
        Assert.Equal(Model, ServedBy(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai, gemini);
        var row = AssertCalls(summary, Model, calls: 2, failed: 1);
        var (input, output) = ExpectedTokens(Response);
        Assert.Equal(input, row.InputTokens);
        Assert.Equal(output, row.OutputTokens);
        Assert.Equal(RoutedChain.CostOf(Model, input, output), row.CostUsd, 9);
        var rows = await chain.RowsAsync();
        Assert.Equal(["stream_interrupted", "ok"], rows.Select(r => r.Outcome));
        Assert.Equal([true, false], rows.Select(r => r.Streaming));
    }

    /// <summary>A reset before any byte of the response is a network failure, not a broken stream: retried, streaming.</summary>
    [Fact]
    public async Task Connection_reset_before_the_response_is_retried_streaming()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync("openai", Faults.ResetBeforeHeaders(), Faults.Serve(Stream, Response));
        var router = chain.Route(Fast, Model);

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal(2, openai.Requests.Count);
        Assert.All(openai.Requests, r => Assert.True(Faults.IsStreaming(r)));
        Assert.Equal(ExpectedText(Stream), TextOf(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai);
        var row = AssertCalls(summary, Model, calls: 2, failed: 1);
        var (input, output) = ExpectedTokens(Stream);
        Assert.Equal(input, row.InputTokens);
        Assert.Equal(output, row.OutputTokens);
        Assert.Equal(["network", "ok"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }
}
