using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Core.RateLimiting;
using Xunit;

namespace Switchboard.Core.Tests;

public sealed class RateLimitingTests
{
    /// <summary>Records when each request reached the provider.</summary>
    private sealed class ClockedClient : IChatClient
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public ConcurrentBag<TimeSpan> Arrivals { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Arrivals.Add(_clock.Elapsed);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Arrivals.Add(_clock.Elapsed);
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Requests_beyond_the_limit_wait_for_the_next_window()
    {
        await using var limiter = new ProviderRateLimiter("openai", requestsPerWindow: 3, tokensPerWindow: null, window: TimeSpan.FromMilliseconds(600));
        var inner = new ClockedClient();
        using var client = new RateLimitingChatClient(inner, limiter);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));

        var arrivals = inner.Arrivals.Order().ToList();
        Assert.Equal(6, arrivals.Count);
        // The first three go at once; the next three only after the window has moved on.
        Assert.True(arrivals[2] - arrivals[0] < TimeSpan.FromMilliseconds(400), $"third at {arrivals[2]}");
        Assert.True(arrivals[3] - arrivals[0] >= TimeSpan.FromMilliseconds(400), $"fourth at {arrivals[3]}");
    }

    [Fact]
    public async Task Token_budget_per_window_queues_large_requests()
    {
        await using var limiter = new ProviderRateLimiter("anthropic", requestsPerWindow: null, tokensPerWindow: 100, window: TimeSpan.FromMilliseconds(600));
        var inner = new ClockedClient();
        using var client = new RateLimitingChatClient(inner, limiter);
        var options = new ChatOptions { MaxOutputTokens = 40 };

        // Each request counts 1 prompt token + 40 output tokens: two fit in 100, the third waits.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync("x", options, TestContext.Current.CancellationToken)));
        var arrivals = inner.Arrivals.Order().ToList();
        Assert.True(arrivals[1] - arrivals[0] < TimeSpan.FromMilliseconds(400));
        Assert.True(arrivals[2] - arrivals[0] >= TimeSpan.FromMilliseconds(400), $"third waited only {arrivals[2] - arrivals[0]}");
    }

    [Fact]
    public async Task A_full_queue_is_a_typed_rate_limit_error()
    {
        await using var limiter = new ProviderRateLimiter("gemini", requestsPerWindow: 1, tokensPerWindow: null, window: TimeSpan.FromSeconds(30), queueLimit: 1);
        using var client = new RateLimitingChatClient(new ClockedClient(), limiter);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await client.GetResponseAsync("first", cancellationToken: cancel.Token);
        var waiting = client.GetResponseAsync("second waits", cancellationToken: cancel.Token);
        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("third has no room", cancellationToken: cancel.Token));
        Assert.Equal(ProviderErrorKind.RateLimited, ex.Kind);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Estimates_count_prompt_and_output_allowance()
    {
        var estimate = RateLimitingChatClient.Estimate([new ChatMessage(ChatRole.User, new string('a', 400))], new ChatOptions { MaxOutputTokens = 50 });
        Assert.Equal(100 + 1 + 50, estimate);
    }
}
