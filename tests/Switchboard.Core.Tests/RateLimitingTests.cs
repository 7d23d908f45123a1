using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Observability;
using Switchboard.Core.RateLimiting;
using Switchboard.Errors;
using Switchboard.Tokens;
using Xunit;

namespace Switchboard.Core.Tests;

public sealed class RateLimitingTests
{
    private static readonly RequestTokenEstimator Estimator = new(CharacterTokenCounter.Default);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Records the (fake) time at which each request reached the provider.</summary>
    private sealed class ClockedClient(TimeProvider time) : IChatClient
    {
        public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Arrivals.Enqueue(time.GetUtcNow());
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Arrivals.Enqueue(time.GetUtcNow());
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class QueueWatcher : RequestObserver
    {
        public ConcurrentQueue<(string Provider, TimeSpan Expected)> Started { get; } = [];

        public ConcurrentQueue<TimeSpan> Ended { get; } = [];

        public override void QueueWaitStarted(string provider, TimeSpan expectedWait) => Started.Enqueue((provider, expectedWait));

        public override void QueueWaitEnded(string provider, TimeSpan waited) => Ended.Enqueue(waited);
    }

    /// <summary>Moves fake time on in small steps until <paramref name="done"/> holds, giving waiting requests their turn.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> done, int maxSteps = 1000)
    {
        for (var i = 0; i < maxSteps && !done(); i++)
        {
            await Task.Delay(2, Token);
            time.Advance(step);
        }

        Assert.True(done(), "the condition never held");
    }

    private static async Task SettleAsync()
    {
        // Let queued continuations run against the (frozen) fake clock.
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(5, Token);
        }
    }

    [Fact]
    public async Task Requests_beyond_the_limit_wait_for_the_window_to_move()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var start = time.GetUtcNow();
        using var limiter = new SharedWindowRateLimiter(new InMemoryRateLimitStore(), "openai", new RateLimitRule(3, null, TimeSpan.FromMinutes(1)), time);
        var inner = new ClockedClient(time);
        using var client = new RateLimitingChatClient(inner, limiter, "openai", Estimator);

        var requests = Enumerable.Range(0, 6).Select(_ => client.GetResponseAsync("hi", cancellationToken: Token)).ToList();
        await SettleAsync();
        Assert.Equal(3, inner.Arrivals.Count);

        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), () => inner.Arrivals.Count == 6);
        await Task.WhenAll(requests);
        var arrivals = inner.Arrivals.Order().ToList();
        Assert.All(arrivals.Take(3), at => Assert.Equal(start, at));
        Assert.All(arrivals.Skip(3), at => Assert.True(at - start >= TimeSpan.FromMinutes(1), $"arrived after {at - start}"));
    }

    [Fact]
    public async Task The_token_limit_queues_large_requests()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var start = time.GetUtcNow();
        using var limiter = new SharedWindowRateLimiter(new InMemoryRateLimitStore(), "anthropic", new RateLimitRule(null, 100, TimeSpan.FromMinutes(1)), time);
        var inner = new ClockedClient(time);
        using var client = new RateLimitingChatClient(inner, limiter, "anthropic", Estimator);
        var options = new ChatOptions { MaxOutputTokens = 40 };

        // Each request counts 1 prompt token + 4 framing + 3 priming + 40 output = 48: two fit in 100, the third waits.
        var requests = Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync("x", options, Token)).ToList();
        await SettleAsync();
        Assert.Equal(2, inner.Arrivals.Count);

        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), () => inner.Arrivals.Count == 3);
        await Task.WhenAll(requests);
        Assert.True(inner.Arrivals.Max() - start >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_full_queue_is_a_typed_rate_limit_error()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SharedWindowRateLimiter(new InMemoryRateLimitStore(), "gemini", new RateLimitRule(1, null, TimeSpan.FromMinutes(1)), time, queueLimit: 1);
        using var client = new RateLimitingChatClient(new ClockedClient(time), limiter, "gemini", Estimator);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        await client.GetResponseAsync("first", cancellationToken: cancel.Token);
        var waiting = client.GetResponseAsync("second waits", cancellationToken: cancel.Token);
        await SettleAsync();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("third has no room", cancellationToken: cancel.Token));

        Assert.Equal(ProviderErrorKind.RateLimited, ex.Kind);
        Assert.Equal("gemini", ex.Provider);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task A_wait_is_reported_to_the_observer_with_how_long()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        using var limiter = new SharedWindowRateLimiter(new InMemoryRateLimitStore(), "openai", new RateLimitRule(1, null, TimeSpan.FromMinutes(1)), time);
        var inner = new ClockedClient(time);
        using var client = new RateLimitingChatClient(inner, limiter, "openai", Estimator);
        var watcher = new QueueWatcher();
        using var observing = RequestObserver.Observe(watcher);

        await client.GetResponseAsync("first", cancellationToken: Token);
        var second = client.GetResponseAsync("second", cancellationToken: Token);
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(5), () => second.IsCompleted);

        var (provider, expected) = Assert.Single(watcher.Started);
        Assert.Equal("openai", provider);
        Assert.Equal(TimeSpan.FromMinutes(1), expected);
        Assert.True(Assert.Single(watcher.Ended) >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Limiters_on_one_database_file_share_one_window_as_processes_do()
    {
        using var temp = new TempDatabase();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var rule = new RateLimitRule(2, null, TimeSpan.FromMinutes(1));
        using var first = new SharedWindowRateLimiter(new SqliteRateLimitStore(temp.Database), "provider:openai", rule, time);
        using var second = new SharedWindowRateLimiter(new SqliteRateLimitStore(temp.OpenAgain()), "provider:openai", rule, time);

        using var a = await first.AcquireAsync(1, Token);
        using var b = await second.AcquireAsync(1, Token);
        using var c = second.AttemptAcquire(1);
        using var d = first.AttemptAcquire(1);

        Assert.True(a.IsAcquired && b.IsAcquired);
        Assert.False(c.IsAcquired);
        Assert.False(d.IsAcquired);
        Assert.True(d.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);

        time.Advance(TimeSpan.FromMinutes(1));
        using var e = first.AttemptAcquire(1);
        Assert.True(e.IsAcquired);
    }

    [Fact]
    public void Estimates_count_prompt_framing_and_output_allowance()
    {
        using var client = new RateLimitingChatClient(new ClockedClient(TimeProvider.System), new SharedWindowRateLimiter(new InMemoryRateLimitStore(), "x", new RateLimitRule(1, null, TimeSpan.FromMinutes(1))), "x", Estimator);

        var estimate = client.Estimate([new ChatMessage(ChatRole.User, new string('a', 400))], new ChatOptions { MaxOutputTokens = 50 });

        Assert.Equal(100 + 4 + 3 + 50, estimate);
    }

    [Theory]
    [InlineData(new long[] { }, 2, null, 1, 0)]
    [InlineData(new long[] { 0, 10_000 }, 2, null, 1, 40_000)]
    [InlineData(new long[] { 0, 10_000, 20_000 }, 2, null, 1, 50_000)]
    public void The_window_log_waits_until_enough_entries_leave(long[] entryTimes, int maxRequests, int? maxTokens, int tokens, long expectedWaitMs)
    {
        var entries = entryTimes.Select(t => (t, 1)).ToList();

        var decision = SlidingWindowLog.Decide(entries, new RateLimitRule(maxRequests, maxTokens, TimeSpan.FromMinutes(1)), tokens, nowMs: 20_000);

        Assert.Equal(expectedWaitMs == 0, decision.Acquired);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedWaitMs), decision.RetryAfter);
    }

    [Fact]
    public void A_request_larger_than_the_token_allowance_goes_alone_into_an_empty_window()
    {
        var rule = new RateLimitRule(null, 100, TimeSpan.FromMinutes(1));

        Assert.True(SlidingWindowLog.Decide([], rule, 500, 0).Acquired);
        Assert.False(SlidingWindowLog.Decide([(0, 1)], rule, 500, 1).Acquired);
    }
}
