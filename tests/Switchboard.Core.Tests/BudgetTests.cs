using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Configuration;
using Switchboard.Core.Budgets;
using Switchboard.Core.Catalog;
using Switchboard.Core.Usage;
using Switchboard.Errors;
using Switchboard.Models;
using Xunit;

namespace Switchboard.Core.Tests;

public sealed class BudgetTests
{
    /// <summary>Each MeteredClient call: 2 × $1 + 50 × $10 per million tokens.</summary>
    private const decimal ActualPerCall = 0.000502m;

    private static readonly ModelCatalog Catalog = new(ModelCatalog.Parse("""
        { "models": [
            { "id": "openai/pricey", "max_output_tokens": 1000, "pricing": { "input": 1.0, "output": 10.0 } },
            { "id": "anthropic/luxury", "max_output_tokens": 1000, "pricing": { "input": 15.0, "output": 75.0 } } ] }
        """), provider => provider == "ollama");

    private static readonly ModelId Pricey = ModelId.Parse("openai/pricey");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IChatClient Guard(IChatClient inner, IBudgetStore store, BudgetSettings settings, IReadOnlyList<ModelId>? targets = null, BudgetFallback? fallback = null, TimeProvider? time = null, Action<BudgetGuardChatClient>? configure = null) =>
        new ChatClientBuilder(inner)
            .Use(client =>
            {
                var guard = new BudgetGuardChatClient(client, store, settings, Catalog, FixedEstimators.Instance, targets ?? [Pricey], fallback, timeProvider: time);
                configure?.Invoke(guard);
                return guard;
            })
            .Build();

    private static async Task<int> RaceAsync(IChatClient client, int requests, ChatOptions options) =>
        (await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => Task.Run(async () =>
        {
            try
            {
                await client.GetResponseAsync("hi", options, Token);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })))).Count(ok => ok);

    [Fact]
    public async Task Two_hundred_racing_requests_never_overspend()
    {
        using var temp = new TempDatabase();
        const decimal limit = 0.05m;
        var store = new SqliteBudgetStore(temp.Database);
        var inner = new MeteredClient();
        using var client = Guard(inner, store, new BudgetSettings { DailyUsd = limit });

        var admitted = await RaceAsync(client, 200, new ChatOptions { MaxOutputTokens = 100 });

        var status = await store.GetStatusAsync(SqliteBudgetStore.GlobalScope, DateTimeOffset.UtcNow, Token);
        Assert.Equal(admitted, inner.Calls);
        Assert.True(admitted > 0 && admitted < 200, $"admitted {admitted}");
        Assert.Equal(admitted * ActualPerCall, status.SpentToday);
        Assert.True(status.SpentToday <= limit, $"spent {status.SpentToday} over {limit}");
        Assert.Equal(0m, status.ReservedToday);
    }

    [Fact]
    public async Task Stores_on_one_file_share_the_budget_as_processes_do()
    {
        using var temp = new TempDatabase();
        const decimal limit = 0.02m;
        var settings = new BudgetSettings { DailyUsd = limit };
        var first = new MeteredClient();
        var second = new MeteredClient();
        using var a = Guard(first, new SqliteBudgetStore(temp.Database), settings);
        using var b = Guard(second, new SqliteBudgetStore(temp.OpenAgain()), settings);

        var options = new ChatOptions { MaxOutputTokens = 100 };
        var admitted = await Task.WhenAll(RaceAsync(a, 60, options), RaceAsync(b, 60, options));

        var spent = (await new SqliteBudgetStore(temp.OpenAgain()).GetStatusAsync(SqliteBudgetStore.GlobalScope, DateTimeOffset.UtcNow, Token)).SpentToday;
        Assert.True(admitted[0] > 0 && admitted[1] > 0, $"admitted {admitted[0]} and {admitted[1]}");
        Assert.Equal((admitted[0] + admitted[1]) * ActualPerCall, spent);
        Assert.True(spent <= limit, $"spent {spent} over {limit}");
    }

    [Fact]
    public async Task Refusal_happens_before_anything_is_sent_and_names_the_limit()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var now = DateTimeOffset.UtcNow;
        var earlier = await store.TryReserveAsync(new BudgetRequest(SqliteBudgetStore.GlobalScope, 0.9999m, null, null, now), Token);
        await store.SettleAsync(earlier.Reservation!, 0.9999m, now, Token);
        var inner = new MeteredClient();
        using var client = Guard(inner, store, new BudgetSettings { MonthlyUsd = 1m });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 100 }, Token));

        Assert.Equal("monthly", ex.Period);
        Assert.Contains("$1", ex.Message);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task Over_budget_requests_switch_to_the_cheaper_model()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var pricey = new MeteredClient();
        var cheap = new MeteredClient();
        using var client = Guard(pricey, store, new BudgetSettings { DailyUsd = 0.001m }, fallback: new BudgetFallback([ModelId.Parse("ollama/llama3.2")], cheap));

        for (var i = 0; i < 5; i++)
        {
            await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 }, Token);
        }

        // Worst case: 2 prompt bytes + 3 priming tokens + 4 framing, and 50 output tokens: $0.000509. The first call
        // fits $0.001; the second would not (0.000502 spent + 0.000509 > 0.001), nor any after it.
        Assert.Equal(1, pricey.Calls);
        Assert.Equal(4, cheap.Calls);
        Assert.Equal(ActualPerCall, (await store.GetStatusAsync(SqliteBudgetStore.GlobalScope, DateTimeOffset.UtcNow, Token)).SpentToday);
    }

    [Fact]
    public async Task A_failed_request_releases_its_reservation_and_costs_nothing()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var inner = new MeteredClient { Failure = new ProviderException(ProviderErrorKind.RateLimited, "openai", "slow down") };
        using var client = Guard(inner, store, new BudgetSettings { DailyUsd = 0.001m });
        var options = new ChatOptions { MaxOutputTokens = 50 };

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("hi", options, Token));
        }

        inner.Failure = null;
        var response = await client.GetResponseAsync("hi", options, Token);

        Assert.Equal("ok", response.Text);
        var status = await store.GetStatusAsync(SqliteBudgetStore.GlobalScope, DateTimeOffset.UtcNow, Token);
        Assert.Equal(ActualPerCall, status.SpentToday);
        Assert.Equal(0m, status.ReservedToday);
    }

    [Fact]
    public async Task A_route_reserves_the_worst_case_of_its_most_expensive_target()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var inner = new MeteredClient();
        var route = new[] { Pricey, ModelId.Parse("anthropic/luxury") };

        // Enough for the cheap first target's worst case ($0.000509) but not for a fallback to the expensive one ($0.003885).
        using var client = Guard(inner, store, new BudgetSettings { DailyUsd = 0.001m }, route);

        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 }, Token));
        var guard = new BudgetGuardChatClient(inner, store, new BudgetSettings(), Catalog, FixedEstimators.Instance, route);
        Assert.Equal(0.003885m, guard.WorstCaseCost(route, [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 50 }));
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task A_stream_cut_after_text_books_its_estimated_cost()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var inner = new CutStreamClient("forty characters of text before the cut");
        using var client = Guard(inner, store, new BudgetSettings { DailyUsd = 1m });

        await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 }, Token))
            {
                _ = update;
            }
        });

        // Input estimated from the request (2 chars: 1 token, +4 framing +3 priming = 8), output from the 39 characters (10 tokens).
        var spent = (await store.GetStatusAsync(SqliteBudgetStore.GlobalScope, DateTimeOffset.UtcNow, Token)).SpentToday;
        Assert.Equal((8 * 1.0m + 10 * 10.0m) / 1_000_000m, spent);
    }

    [Fact]
    public async Task The_budget_starts_from_what_the_ledger_already_recorded()
    {
        using var temp = new TempDatabase();
        await using (var ledger = new SqliteUsageLedger(temp.Database))
        {
            ledger.Record(new UsageRecord { Timestamp = DateTimeOffset.UtcNow, Model = "openai/pricey", Provider = "openai", CostUsd = 0.75m, Outcome = "ok" });
        }

        var store = new SqliteBudgetStore(temp.Database);
        var inner = new MeteredClient();
        using var client = Guard(inner, store, new BudgetSettings { DailyUsd = 0.7505m });

        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 }, Token));
        Assert.Equal(0.75m, (await store.GetStatusAsync(SqliteBudgetStore.GlobalScope, DateTimeOffset.UtcNow, Token)).SpentToday);
    }

    [Fact]
    public async Task Alerts_fire_once_per_period_and_days_roll_over()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        var alerts = new List<BudgetAlert>();
        var inner = new MeteredClient();
        using var client = Guard(inner, store, new BudgetSettings { DailyUsd = 0.0025m, AlertAt = 0.5 }, time: time, configure: g => g.Alert += (_, alert) => alerts.Add(alert));
        var options = new ChatOptions { MaxOutputTokens = 50 };

        for (var i = 0; i < 4; i++)
        {
            await client.GetResponseAsync("hi", options, Token);
        }

        var single = Assert.Single(alerts);
        Assert.Equal("daily", single.Period);
        Assert.Equal(3 * ActualPerCall, single.SpentUsd);
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", options, Token));

        time.Advance(TimeSpan.FromHours(2)); // past midnight UTC
        await client.GetResponseAsync("hi", options, Token);
        Assert.Equal(ActualPerCall, (await store.GetStatusAsync(SqliteBudgetStore.GlobalScope, time.GetUtcNow(), Token)).SpentToday);
    }

    [Fact]
    public async Task A_reservation_left_by_a_dead_process_expires()
    {
        using var temp = new TempDatabase();
        var store = new SqliteBudgetStore(temp.Database);
        var then = DateTimeOffset.UtcNow;
        var held = await store.TryReserveAsync(new BudgetRequest(SqliteBudgetStore.GlobalScope, 0.9m, 1m, null, then), Token);
        Assert.True(held.Admitted);

        var meanwhile = await store.TryReserveAsync(new BudgetRequest(SqliteBudgetStore.GlobalScope, 0.2m, 1m, null, then.AddMinutes(1)), Token);
        var later = await store.TryReserveAsync(new BudgetRequest(SqliteBudgetStore.GlobalScope, 0.2m, 1m, null, then + BudgetPeriods.ReservationLifetime + TimeSpan.FromSeconds(1)), Token);

        Assert.False(meanwhile.Admitted);
        Assert.Equal("daily", meanwhile.Refusal!.Period);
        Assert.True(later.Admitted);
    }
}
