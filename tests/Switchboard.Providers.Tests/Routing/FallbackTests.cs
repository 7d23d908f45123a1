using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Core.Routing;
using Xunit;
using static Switchboard.Providers.Tests.Routing.RoutingTestKit;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>Failures that end a target (exhausted retries, a missing model, a hung upstream) and the next target answering, or not.</summary>
public sealed class FallbackTests
{
    [Fact]
    public async Task Anthropic_overloaded_529_exhausts_its_retries_then_gemini_streams_the_answer()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var overloaded = Faults.ErrorFixture(529, "anthropic/error_529_overloaded.json");
        var anthropic = await chain.EmulateAsync("anthropic", overloaded, overloaded, overloaded);
        var gemini = await chain.EmulateAsync("gemini", Faults.Serve("gemini/stream_text.sse", "gemini/response_text.json"));
        var router = chain.Route(Fast, "anthropic/claude-test", "gemini/gemini-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal(1 + Fast.MaxRetries, anthropic.Requests.Count);
        Assert.All(anthropic.Requests, r => Assert.True(Faults.IsStreaming(r)));
        var request = Assert.Single(gemini.Requests);
        Assert.Contains(":streamGenerateContent", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(ExpectedText("gemini/stream_text.sse"), TextOf(updates));
        Assert.Equal("gemini/gemini-test", ServedBy(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, anthropic, gemini);
        AssertNothingBilled(AssertCalls(summary, "anthropic/claude-test", calls: 3, failed: 3));
        var answered = AssertCalls(summary, "gemini/gemini-test", calls: 1, failed: 0);
        var (input, output) = ExpectedTokens("gemini/stream_text.sse");
        Assert.Equal(input, answered.InputTokens);
        Assert.Equal(output, answered.OutputTokens);
        Assert.Equal(RoutedChain.CostOf("gemini/gemini-test", input, output), answered.CostUsd, 9);
        Assert.Equal(["overloaded", "overloaded", "overloaded", "ok"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_non_streaming_call_retries_and_falls_back_the_same_way()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var overloaded = Faults.ErrorFixture(529, "anthropic/error_529_overloaded.json");
        var anthropic = await chain.EmulateAsync("anthropic", overloaded, overloaded, overloaded);
        var gemini = await chain.EmulateAsync("gemini", Faults.Serve("gemini/stream_text.sse", "gemini/response_text.json"));
        var router = chain.Route(Fast, "anthropic/claude-test", "gemini/gemini-test");

        var response = await router.GetResponseAsync(Prompt, cancellationToken: Token);

        Assert.Equal(ExpectedText("gemini/response_text.json"), response.Text);
        Assert.Equal("gemini/gemini-test", response.AdditionalProperties?[SwitchboardProperties.ServedBy]);
        Assert.Equal(3, anthropic.Requests.Count);
        Assert.DoesNotContain(":streamGenerateContent", Assert.Single(gemini.Requests).PathAndQuery, StringComparison.Ordinal);

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, anthropic, gemini);
        AssertNothingBilled(AssertCalls(summary, "anthropic/claude-test", calls: 3, failed: 3));
        var answered = AssertCalls(summary, "gemini/gemini-test", calls: 1, failed: 0);
        var (input, output) = ExpectedTokens("gemini/response_text.json");
        Assert.Equal(input, answered.InputTokens);
        Assert.Equal(output, answered.OutputTokens);
        Assert.Equal(RoutedChain.CostOf("gemini/gemini-test", input, output), answered.CostUsd, 9);
        Assert.All(await chain.RowsAsync(), r => Assert.False(r.Streaming));
    }

    [Fact]
    public async Task Unknown_model_404_is_not_retried_and_falls_back_to_the_next_target()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync(
            "openai",
            Faults.Error(404, """{"error":{"message":"The model `gpt-nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"""));
        var anthropic = await chain.EmulateAsync("anthropic", Faults.Serve("anthropic/stream_text.sse"));
        var router = chain.Route(Fast, "openai/gpt-nope", "anthropic/claude-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal("gpt-nope", Assert.Single(openai.Requests).Json.GetProperty("model").GetString());
        Assert.Single(anthropic.Requests);
        Assert.Equal(ExpectedText("anthropic/stream_text.sse"), TextOf(updates));
        Assert.Equal("anthropic/claude-test", ServedBy(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai, anthropic);

        // The model is in no catalog, but a call refused before any answer cost nothing all the same.
        AssertNothingBilled(AssertCalls(summary, "openai/gpt-nope", calls: 1, failed: 1));
        var answered = AssertCalls(summary, "anthropic/claude-test", calls: 1, failed: 0);
        var (input, output) = ExpectedTokens("anthropic/stream_text.sse");
        Assert.Equal(input, answered.InputTokens);
        Assert.Equal(output, answered.OutputTokens);
        Assert.Equal(RoutedChain.CostOf("anthropic/claude-test", input, output), answered.CostUsd, 9);
        Assert.Equal(["not_found", "ok"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Invalid_request_400_fails_at_once_without_retry_or_fallback()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var ollama = await chain.EmulateAsync("ollama", Faults.ErrorFixture(400, "ollama/error_400_tools_not_supported.json"));
        var openai = await chain.EmulateAsync("openai", Faults.Serve("openai/chat_stream_text.sse"));
        var router = chain.Route(Fast, "ollama/gemma3:1b", "openai/gpt-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        // A malformed request would fail on any model: the provider's own error, not a route-exhausted one.
        var invalid = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.InvalidRequest, invalid.Kind);
        Assert.Equal("registry.ollama.ai/library/gemma3:1b does not support tools", invalid.ProviderMessage);
        Assert.Empty(updates);
        Assert.Single(ollama.Requests);
        Assert.Empty(openai.Requests);

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, ollama, openai);
        AssertNothingBilled(AssertCalls(summary, "ollama/gemma3:1b", calls: 1, failed: 1));
        Assert.Equal("invalid_request", Assert.Single(await chain.RowsAsync()).Outcome);
    }

    [Fact]
    public async Task Hung_upstream_times_out_is_retried_then_an_ollama_ndjson_stream_answers()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync("openai", timeoutSeconds: 1, Faults.Hang(), Faults.Hang());
        var ollama = await chain.EmulateAsync("ollama", Faults.Serve("ollama/chat_stream_text.ndjson"));
        var router = chain.Route(Fast with { MaxRetries = 1 }, "openai/gpt-test", "ollama/gemma3:1b");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        Assert.Null(error);
        Assert.Equal(2, openai.Requests.Count);
        Assert.All(openai.Requests, r => Assert.True(Faults.IsStreaming(r)));
        Assert.True(openai.Gaps[0] >= TimeSpan.FromMilliseconds(900), $"the first attempt gave up after {openai.Gaps[0].TotalMilliseconds:0} ms, not its 1 s timeout");
        Assert.True(Faults.IsStreaming(Assert.Single(ollama.Requests)));
        Assert.Equal(ExpectedText("ollama/chat_stream_text.ndjson"), TextOf(updates));
        Assert.Equal("ollama/gemma3:1b", ServedBy(updates));

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai, ollama);
        AssertNothingBilled(AssertCalls(summary, "openai/gpt-test", calls: 2, failed: 2));
        var answered = AssertCalls(summary, "ollama/gemma3:1b", calls: 1, failed: 0);
        var (input, output) = ExpectedTokens("ollama/chat_stream_text.ndjson");
        Assert.Equal(input, answered.InputTokens);
        Assert.Equal(output, answered.OutputTokens);
        Assert.Equal(0m, answered.CostUsd);
        Assert.Equal(0, answered.UnpricedCalls);
        Assert.Equal(["timeout", "timeout", "ok"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Hung_upstream_and_a_rate_limited_fallback_exhaust_the_route()
    {
        await using var chain = await RoutedChain.OpenAsync();
        var openai = await chain.EmulateAsync("openai", timeoutSeconds: 1, Faults.Hang(), Faults.Hang());
        var quota = Faults.ErrorFixture(429, "gemini/error_429_resource_exhausted.json");
        var gemini = await chain.EmulateAsync("gemini", quota, quota);
        var router = chain.Route(Fast with { MaxRetries = 1 }, "openai/gpt-test", "gemini/gemini-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        var exhausted = Assert.IsType<RouteExhaustedException>(error);
        Assert.Empty(updates);
        Assert.Equal(["openai/gpt-test", "gemini/gemini-test"], exhausted.Failures.Select(f => f.Model));
        Assert.Equal(
            [ProviderErrorKind.Timeout, ProviderErrorKind.RateLimited],
            exhausted.Failures.Select(f => Assert.IsType<ProviderException>(f.Error).Kind));
        Assert.Equal("RESOURCE_EXHAUSTED", exhausted.LastProviderError?.ErrorType);
        Assert.Equal(2, openai.Requests.Count);
        Assert.Equal(2, gemini.Requests.Count);

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, openai, gemini);
        AssertNothingBilled(AssertCalls(summary, "openai/gpt-test", calls: 2, failed: 2));
        AssertNothingBilled(AssertCalls(summary, "gemini/gemini-test", calls: 2, failed: 2));
        Assert.Equal(["timeout", "timeout", "rate_limited", "rate_limited"], (await chain.RowsAsync()).Select(r => r.Outcome));
    }
}
