using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Budgets;
using Switchboard.Core.Catalog;
using Switchboard.Models;
using Xunit;
using Switchboard.Configuration;

namespace Switchboard.Core.Tests;

public sealed class BudgetTests
{
    private static readonly ModelCatalog Catalog = new(ModelCatalog.Parse("""
        { "models": [ { "id": "openai/pricey", "max_output_tokens": 1000, "pricing": { "input": 1.0, "output": 10.0 } } ] }
        """));

    /// <summary>Answers every call after a short pause with 2 input and 50 output tokens: $0.000502 on openai/pricey.</summary>
    private sealed class MeteredClient : IChatClient
    {
        private int _calls;

        public int Calls => _calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(5, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 2, OutputTokenCount = 50 })] };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Two_hundred_racing_requests_never_overspend()
    {
        const decimal limit = 0.05m;
        var tracker = new BudgetTracker(new BudgetSettings { DailyUsd = limit });
        var inner = new MeteredClient();
        using var client = new ChatClientBuilder(inner).UseBudget(tracker, Catalog, ModelId.Parse("openai/pricey")).Build();
        var options = new ChatOptions { MaxOutputTokens = 100 };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            try
            {
                await client.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })));

        var admitted = outcomes.Count(ok => ok);
        const decimal actualPerCall = 0.000502m; // 2 × $1 + 50 × $10, per million tokens
        Assert.Equal(admitted, inner.Calls);
        Assert.True(admitted > 0 && admitted < 200, $"admitted {admitted}");
        Assert.Equal(admitted * actualPerCall, tracker.SpentToday);
        Assert.True(tracker.SpentToday <= limit + actualPerCall, $"spent {tracker.SpentToday} over {limit}");
    }

    [Fact]
    public async Task Refusal_happens_before_anything_is_sent_and_names_the_limit()
    {
        var tracker = new BudgetTracker(new BudgetSettings { MonthlyUsd = 1m }, spentToday: 0, spentThisMonth: 0.9999m);
        var inner = new MeteredClient();
        using var client = new ChatClientBuilder(inner).UseBudget(tracker, Catalog, ModelId.Parse("openai/pricey")).Build();
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 100 }, TestContext.Current.CancellationToken));
        Assert.Equal("monthly", ex.Period);
        Assert.Contains("$1", ex.Message);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task Over_budget_requests_switch_to_the_cheaper_model()
    {
        var tracker = new BudgetTracker(new BudgetSettings { DailyUsd = 0.001m, FallbackModel = "ollama/llama3.2" });
        var pricey = new MeteredClient();
        var cheap = new MeteredClient();
        using var client = new ChatClientBuilder(pricey)
            .UseBudget(tracker, Catalog, ModelId.Parse("openai/pricey"), (ModelId.Parse("ollama/llama3.2"), cheap))
            .Build();
        for (var i = 0; i < 5; i++)
        {
            await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 }, TestContext.Current.CancellationToken);
        }

        // Worst case $0.000502 each: the first call fits the $0.001 limit, the second would not (0.000502 spent + 0.000502 > 0.001).
        Assert.Equal(1, pricey.Calls);
        Assert.Equal(4, cheap.Calls);
        Assert.Equal(0.000502m, tracker.SpentToday);
    }

    [Fact]
    public void Alerts_fire_once_per_period_and_days_roll_over()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        var tracker = new BudgetTracker(new BudgetSettings { DailyUsd = 1m, AlertAt = 0.5 }, timeProvider: time);
        var alerts = new List<BudgetAlert>();
        tracker.Alert += (_, alert) => alerts.Add(alert);

        for (var i = 0; i < 4; i++)
        {
            Assert.True(tracker.TryReserve(0.2m, out var reservation, out _));
            tracker.Settle(reservation!, 0.2m);
        }

        var single = Assert.Single(alerts);
        Assert.Equal("daily", single.Period);
        Assert.Equal(0.6m, single.SpentUsd);
        Assert.False(tracker.TryReserve(0.3m, out _, out var refusal));
        Assert.Equal("daily", refusal!.Period);

        time.Advance(TimeSpan.FromHours(2)); // past midnight UTC
        Assert.Equal(0m, tracker.SpentToday);
        Assert.True(tracker.TryReserve(0.3m, out _, out _));
    }
}
