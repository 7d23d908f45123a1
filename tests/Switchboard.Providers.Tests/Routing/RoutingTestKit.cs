using Microsoft.Extensions.AI;
using Switchboard.Core.Routing;
using Switchboard.Core.Usage;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>Shared pieces of the routing tests: fast router options, the prompt, stream draining and ledger checks.</summary>
internal static class RoutingTestKit
{
    /// <summary>The question every test asks; its length is what a cut stream's input estimate is made from.</summary>
    public const string Prompt = "What's the weather in San Francisco?";

    /// <summary>Backoff small enough that only Retry-After and timeouts cost real time.</summary>
    public static readonly RouterOptions Fast = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
    };

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The visible text a fixture must produce (from expected.json).</summary>
    public static string ExpectedText(string fixture) => Fixture.Expected(fixture).GetProperty("text").GetString()!;

    public static (long Input, long Output) ExpectedTokens(string fixture)
    {
        var expected = Fixture.Expected(fixture);
        return (expected.GetProperty("input_tokens").GetInt64(), expected.GetProperty("output_tokens").GetInt64());
    }

    /// <summary>Reads a stream to its end or its error, keeping every update the caller saw before the error.</summary>
    public static async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> DrainAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in stream)
            {
                updates.Add(update);
            }
        }
        catch (Exception ex)
        {
            return (updates, ex);
        }

        return (updates, null);
    }

    public static string TextOf(IEnumerable<ChatResponseUpdate> updates) => string.Concat(updates.Select(u => u.Text));

    public static string? ServedBy(IEnumerable<ChatResponseUpdate> updates) =>
        updates.Select(u => u.AdditionalProperties?.GetValueOrDefault(SwitchboardProperties.ServedBy) as string).FirstOrDefault(s => s is not null);

    /// <summary>The summary row of one model, asserting its call and failure counts.</summary>
    public static UsageSummaryRow AssertCalls(IReadOnlyList<UsageSummaryRow> summary, string model, int calls, int failed)
    {
        var row = Assert.Single(summary, r => r.Key == model);
        Assert.Equal(calls, row.Calls);
        Assert.Equal(failed, row.FailedCalls);
        return row;
    }

    /// <summary>A failed attempt with no answer: no tokens, priced at $0.</summary>
    public static void AssertNothingBilled(UsageSummaryRow row)
    {
        Assert.Equal(0, row.InputTokens);
        Assert.Equal(0, row.OutputTokens);
        Assert.Equal(0m, row.CostUsd);
        Assert.Equal(0, row.UnpricedCalls);
    }

    /// <summary>Every request any emulator received is exactly one ledger row: no attempt unrecorded, none twice.</summary>
    public static void AssertOneRowPerRequest(IReadOnlyList<UsageSummaryRow> summary, params FaultScript[] emulators) =>
        Assert.Equal(emulators.Sum(e => e.Requests.Count), summary.Sum(r => r.Calls));
}
