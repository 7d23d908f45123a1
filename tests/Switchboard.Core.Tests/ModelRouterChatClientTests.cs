using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Errors;
using Switchboard.Models;
using Switchboard.Core.Routing;
using Xunit;

namespace Switchboard.Core.Tests;

public sealed class ModelRouterChatClientTests
{
    private static readonly RouterOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private static ProviderException Error(ProviderErrorKind kind, TimeSpan? retryAfter = null) => new(kind, "test", kind.ToString(), retryAfter: retryAfter);

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(string[] texts, Exception? failAfter = null)
    {
        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = "r" };
        foreach (var text in texts)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Failing(Exception error)
    {
        await Task.Yield();
        if (error is not null)
        {
            throw error;
        }

        yield break;
    }

    private static (ModelRouterChatClient Router, Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>>[] Scripts) Create(int targets, RouterOptions? options = null, TimeProvider? time = null)
    {
        var scripts = Enumerable.Range(0, targets).Select(_ => new Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>>()).ToArray();
        var router = new ModelRouterChatClient(
            "test-route",
            scripts.Select((s, i) => new RouteTarget(ModelId.Parse($"p{i}/m{i}"), new ScriptedChatClient(s))).ToList(),
            options ?? Fast,
            time);
        return (router, scripts);
    }

    private static async Task<string> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var text = "";
        await foreach (var update in updates)
        {
            text += update.Text;
        }

        return text;
    }

    [Fact]
    public async Task Retryable_errors_before_the_first_token_are_retried_on_the_same_target()
    {
        var (router, scripts) = Create(1, Fast with { FallbackToNonStreaming = false });
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.Overloaded)));
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.RateLimited)));
        scripts[0].Enqueue(() => Stream(["Hello", " there"]));

        Assert.Equal("Hello there", await CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
        Assert.Empty(scripts[0]);
    }

    [Fact]
    public async Task Exhausted_target_falls_back_to_the_next_model_and_says_who_answered()
    {
        var (router, scripts) = Create(2);
        for (var i = 0; i < 3; i++)
        {
            scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.Server)));
        }

        scripts[1].Enqueue(() => Stream(["from fallback"]));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal("from fallback", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("p1/m1", updates[0].AdditionalProperties![SwitchboardProperties.ServedBy]);
    }

    [Fact]
    public async Task A_failure_after_the_first_token_is_not_retried()
    {
        var (router, scripts) = Create(2);
        scripts[0].Enqueue(() => Stream(["partial"], failAfter: Error(ProviderErrorKind.StreamInterrupted)));
        scripts[1].Enqueue(() => Stream(["must not be used"]));

        var seen = "";
        var ex = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                seen += update.Text;
            }
        });
        Assert.Equal("partial", seen);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, ex.Kind);
        Assert.Single(scripts[1]);
    }

    [Fact]
    public async Task A_stream_broken_before_its_first_token_is_retried_without_streaming()
    {
        var (router, scripts) = Create(1);
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.StreamInterrupted)));
        scripts[0].Enqueue(() => Stream(["whole answer"]));
        var inner = (ScriptedChatClient)router.GetService(typeof(ScriptedChatClient))!;

        Assert.Equal("whole answer", await CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
        Assert.Equal(["stream", "response"], inner.Calls);
    }

    [Fact]
    public async Task Invalid_requests_are_not_retried_or_sent_elsewhere()
    {
        var (router, scripts) = Create(2);
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.InvalidRequest)));
        scripts[1].Enqueue(() => Stream(["nope"]));
        var ex = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
        Assert.Single(scripts[1]);
    }

    [Fact]
    public async Task When_every_target_fails_the_error_lists_them_all()
    {
        var (router, scripts) = Create(2, Fast with { MaxRetries = 0 });
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.Authentication)));
        scripts[1].Enqueue(() => Failing(Error(ProviderErrorKind.NotFound)));
        var ex = await Assert.ThrowsAsync<RouteExhaustedException>(() => router.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(2, ex.Failures.Count);
        Assert.Contains("p0/m0: authentication", ex.Message);
        Assert.Contains("p1/m1: not_found", ex.Message);
        Assert.Equal(ProviderErrorKind.NotFound, ex.LastProviderError!.Kind);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (router, scripts) = Create(1, Fast with { FallbackToNonStreaming = false }, time);
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.RateLimited, retryAfter: TimeSpan.FromSeconds(20))));
        scripts[0].Enqueue(() => Stream(["after the wait"]));

        var answer = CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
        await WaitUntilAsync(() => scripts[0].Count == 1);
        await Task.Delay(200, TestContext.Current.CancellationToken); // let the failure reach the retry and its timer start
        time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(answer.IsCompleted, "the retry must wait the 20 s the provider asked for");
        Assert.Single(scripts[0]);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("after the wait", await answer.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Retry_after_longer_than_the_limit_falls_back_at_once()
    {
        var (router, scripts) = Create(2, Fast with { MaxRetryAfter = TimeSpan.FromSeconds(10) });
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.RateLimited, retryAfter: TimeSpan.FromHours(1))));
        scripts[1].Enqueue(() => Stream(["fallback"]));
        Assert.Equal("fallback", await CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_failing_target_cools_down_and_is_skipped()
    {
        var (router, scripts) = Create(2, Fast with { MaxRetries = 0, CooldownAfterFailures = 2, FallbackToNonStreaming = false });
        for (var call = 0; call < 2; call++)
        {
            scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.Server)));
            scripts[1].Enqueue(() => Stream(["ok"]));
            Assert.Equal("ok", await CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
        }

        // Two failures opened the circuit: the third call goes straight to the fallback without touching target 0.
        scripts[0].Enqueue(() => Stream(["should be skipped"]));
        scripts[1].Enqueue(() => Stream(["ok"]));
        Assert.Equal("ok", await CollectAsync(router.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
        Assert.Single(scripts[0]);
    }

    [Fact]
    public async Task Non_streaming_calls_retry_and_fall_back_too()
    {
        var (router, scripts) = Create(2, Fast with { MaxRetries = 1 });
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.Timeout)));
        scripts[0].Enqueue(() => Failing(Error(ProviderErrorKind.Timeout)));
        scripts[1].Enqueue(() => Stream(["second model"]));
        var response = await router.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("second model", response.Text);
        Assert.Equal("p1/m1", response.AdditionalProperties![SwitchboardProperties.ServedBy]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
