using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Models;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Routing.RoutingTestKit;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>
/// A connection reset after the first token: the caller keeps the text it already has, exactly once, then gets the
/// error. Nothing is retried or sent to a fallback, which would show the user the answer's start a second time.
/// </summary>
public sealed class MidStreamResetTests
{
    /// <summary>Providers that only report output tokens at the end; the cut leaves the ledger to estimate them.</summary>
    [Theory]
    [InlineData("openai", "openai/gpt-test", "openai/chat_stream_text.sse", 7, "I'm unable to provide real-time")]
    [InlineData("anthropic", "anthropic/claude-test", "anthropic/stream_text.sse", 4, "1\n2\n3")]
    public async Task Reset_after_the_first_token_delivers_the_partial_text_once_then_stream_interrupted(
        string provider, string model, string fixture, int events, string partialText)
    {
        await using var chain = await RoutedChain.OpenAsync();
        var primary = await chain.EmulateAsync(provider, Faults.ResetAfterEvents(fixture, events), Faults.Serve(fixture));
        var gemini = await chain.EmulateAsync("gemini", Faults.Serve("gemini/stream_text.sse"));
        var router = chain.Route(Fast, model, "gemini/gemini-test");

        var (updates, error) = await DrainAsync(router.GetStreamingResponseAsync(Prompt, cancellationToken: Token));

        var interrupted = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, interrupted.Kind);
        Assert.Equal(provider, interrupted.Provider);
        Assert.Equal(partialText, TextOf(updates));
        Assert.Equal(model, ServedBy(updates));
        Assert.Single(primary.Requests);
        Assert.Empty(gemini.Requests);

        var summary = await chain.SummaryAsync();
        AssertOneRowPerRequest(summary, primary, gemini);
        var row = AssertCalls(summary, model, calls: 1, failed: 1);

        // No final usage arrived. Anthropic sent its input count at message_start, which is kept; otherwise the input
        // is estimated over the whole request by the provider's estimator, and the output over the text shown.
        var estimator = chain.Host.Estimators.GetEstimator(ModelId.Parse(model));
        var input = provider == "anthropic"
            ? Fixture.Expected(fixture).GetProperty("input_tokens").GetInt64()
            : estimator.EstimateInput([new ChatMessage(ChatRole.User, Prompt)], null);
        var output = (long)estimator.Counter.CountTokens(partialText);
        Assert.Equal(input, row.InputTokens);
        Assert.Equal(output, row.OutputTokens);
        Assert.Equal(RoutedChain.CostOf(model, input, output), row.CostUsd, 9);
        var stored = Assert.Single(await chain.RowsAsync());
        Assert.Equal("stream_interrupted", stored.Outcome);
        Assert.True(stored.UsageEstimated);
        Assert.True(stored.Streaming);
    }
}
