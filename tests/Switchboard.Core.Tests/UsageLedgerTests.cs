using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Errors;
using Switchboard.Core.Middleware;
using Switchboard.Models;
using Switchboard.Core.Usage;
using Switchboard.Tokens;
using Xunit;

namespace Switchboard.Core.Tests;

public sealed class UsageLedgerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("switchboard-ledger-").FullName;

    private string DatabasePath => Path.Combine(_directory, "usage.db");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static UsageRecord Row(string model, DateTimeOffset at, decimal? cost, string outcome = "ok") => new()
    {
        Timestamp = at,
        Model = model,
        Provider = ModelId.Parse(model).Provider,
        InputTokens = 100,
        OutputTokens = 10,
        CostUsd = cost,
        Outcome = outcome,
        LatencyMs = 5,
    };

    [Fact]
    public async Task Records_written_concurrently_are_all_kept_after_dispose()
    {
        var day = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        await using (var ledger = await SqliteUsageLedger.OpenAsync(DatabasePath, TestContext.Current.CancellationToken))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
            {
                for (var i = 0; i < 125; i++)
                {
                    ledger.Record(Row(worker % 2 == 0 ? "openai/a" : "anthropic/b", day.AddDays(i % 3), 0.001m));
                }
            })));
        }

        // A fresh instance over the same file sees every row: nothing was lost on shutdown.
        await using var reopened = await SqliteUsageLedger.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        var byModel = await reopened.SummarizeAsync(UsageGrouping.Model, day.AddDays(-1), TestContext.Current.CancellationToken);
        Assert.Equal(["anthropic/b", "openai/a"], byModel.Select(r => r.Key));
        Assert.All(byModel, r => Assert.Equal(500, r.Calls));
        Assert.Equal(1.0m, byModel.Sum(r => r.CostUsd), 6);
        Assert.Equal(100_000, byModel.Sum(r => r.InputTokens));

        var byDay = await reopened.SummarizeAsync(UsageGrouping.Day, day.AddDays(-1), TestContext.Current.CancellationToken);
        Assert.Equal(["2026-11-20", "2026-11-21", "2026-11-22"], byDay.Select(r => r.Key));

        var recent = await reopened.SummarizeAsync(UsageGrouping.Provider, day.AddDays(2), TestContext.Current.CancellationToken);
        Assert.Equal(8 * Enumerable.Range(0, 125).Count(i => i % 3 == 2), recent.Sum(r => r.Calls));
    }

    [Fact]
    public async Task Unpriced_calls_are_counted_apart_from_cost()
    {
        await using var ledger = await SqliteUsageLedger.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        ledger.Record(Row("openai/known", now, 0.5m));
        ledger.Record(Row("openai/unknown", now, null));
        ledger.Record(Row("openai/unknown", now, null, outcome: "rate_limited"));
        await ledger.FlushAsync(TestContext.Current.CancellationToken);
        var rows = await ledger.SummarizeAsync(UsageGrouping.Provider, now.AddMinutes(-1), TestContext.Current.CancellationToken);
        var openai = Assert.Single(rows);
        Assert.Equal(3, openai.Calls);
        Assert.Equal(2, openai.UnpricedCalls);
        Assert.Equal(1, openai.FailedCalls);
        Assert.Equal(0.5m, openai.CostUsd);
    }

    [Fact]
    public async Task Cost_tracking_records_success_failure_and_cut_streams()
    {
        await using var ledger = await SqliteUsageLedger.OpenAsync(DatabasePath, TestContext.Current.CancellationToken);
        var catalog = new ModelCatalog(ModelCatalog.Parse("""{ "models": [ { "id": "openai/m", "pricing": { "input": 1.0, "output": 2.0 } } ] }"""));
        var script = new Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>>();
        using var inner = new ScriptedChatClient(script);
        using var client = new ChatClientBuilder(inner).UseCostTracking(ModelId.Parse("openai/m"), ledger, catalog, new RequestTokenEstimator(CharacterTokenCounter.Default)).Build();

        // 1. A full stream with usage: 1,000 in × $1 + 500 out × $2 per million = 0.002.
        script.Enqueue(() => Updates(["Hello", " world"], new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 500 }));
        await foreach (var _ in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        // 2. A stream cut after 40 characters of text, before any usage: estimated, outcome stream_interrupted.
        script.Enqueue(() => Updates([new string('x', 40)], null, new ProviderException(ProviderErrorKind.StreamInterrupted, "openai", "cut")));
        await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        // 3. A rate-limited call that never started.
        script.Enqueue(() => Updates([], null, new ProviderException(ProviderErrorKind.RateLimited, "openai", "slow down")));
        await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        await ledger.FlushAsync(TestContext.Current.CancellationToken);
        var rows = await ledger.SummarizeAsync(UsageGrouping.Model, DateTimeOffset.UtcNow.AddMinutes(-5), TestContext.Current.CancellationToken);
        var row = Assert.Single(rows);
        Assert.Equal(3, row.Calls);
        Assert.Equal(2, row.FailedCalls);
        Assert.Equal(0, row.UnpricedCalls);
        // Estimated second call: 10 output tokens (40 chars / 4) × $2, and the whole request as input: "hi" (1 token)
        // + 4 message framing + 3 reply priming = 8 tokens × $1, per million.
        Assert.Equal(0.002m + 0.000028m, row.CostUsd, 9);
        Assert.Equal(510, row.OutputTokens);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(string[] texts, UsageDetails? usage, Exception? failure = null)
    {
        foreach (var text in texts)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        }

        if (failure is not null)
        {
            throw failure;
        }

        if (usage is not null)
        {
            yield return new ChatResponseUpdate { Contents = [new UsageContent(usage)], FinishReason = ChatFinishReason.Stop };
        }
    }
}
