using Microsoft.Extensions.AI;
using Switchboard.Core.Caching;
using Xunit;

namespace Switchboard.Core.Tests;

public sealed class HybridCachingChatClientTests
{
    private static async IAsyncEnumerable<ChatResponseUpdate> Answer(string text)
    {
        foreach (var word in text.Split(' '))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ResponseId = "r1", MessageId = "m1" };
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, Contents = [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 3 })] };
    }

    private static (IChatClient Client, ScriptedChatClient Inner, Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>> Script) Create(Microsoft.Extensions.Caching.Hybrid.HybridCache cache, string partition = "openai/m")
    {
        var script = new Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>>();
        var inner = new ScriptedChatClient(script);
        return (new ChatClientBuilder(inner).UseHybridCache(cache, partition).Build(), inner, script);
    }

    private static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client, string prompt, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(prompt, options, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task Same_request_is_answered_from_the_cache()
    {
        var (client, inner, script) = Create(Switchboard.Redis.ResponseCacheFactory.Create());
        script.Enqueue(() => Answer("one two three"));
        var first = await client.GetResponseAsync("hi", new ChatOptions { Temperature = 0 }, TestContext.Current.CancellationToken);
        var second = await client.GetResponseAsync("hi", new ChatOptions { Temperature = 0 }, TestContext.Current.CancellationToken);
        Assert.Equal("one two three ", second.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(3, second.Usage!.OutputTokenCount);
        Assert.Single(inner.Calls);

        // Different options are a different request.
        script.Enqueue(() => Answer("other"));
        var third = await client.GetResponseAsync("hi", new ChatOptions { Temperature = 1 }, TestContext.Current.CancellationToken);
        Assert.Equal("other ", third.Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task A_streamed_hit_replays_as_a_stream()
    {
        var (client, inner, script) = Create(Switchboard.Redis.ResponseCacheFactory.Create());
        script.Enqueue(() => Answer("alpha beta gamma"));
        var live = await StreamAsync(client, "stream me");
        var replay = await StreamAsync(client, "stream me");
        Assert.Single(inner.Calls);
        Assert.Equal(string.Concat(live.Select(u => u.Text)), string.Concat(replay.Select(u => u.Text)));
        Assert.True(replay.Count >= 2, "a cached stream is still delivered as a stream");
        Assert.Contains(replay, u => u.Contents.OfType<UsageContent>().Any());
    }

    [Fact]
    public async Task A_request_can_opt_out()
    {
        var (client, inner, script) = Create(Switchboard.Redis.ResponseCacheFactory.Create());
        var noCache = new ChatOptions { AdditionalProperties = new() { [HybridCachingChatClient.CacheOptionKey] = false } };
        script.Enqueue(() => Answer("a"));
        script.Enqueue(() => Answer("b"));
        Assert.Equal("a ", (await client.GetResponseAsync("x", noCache, TestContext.Current.CancellationToken)).Text);
        Assert.Equal("b ", (await client.GetResponseAsync("x", noCache, TestContext.Current.CancellationToken)).Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task Models_do_not_share_answers()
    {
        var cache = Switchboard.Redis.ResponseCacheFactory.Create();
        var (a, _, scriptA) = Create(cache, "openai/a");
        var (b, innerB, scriptB) = Create(cache, "anthropic/b");
        scriptA.Enqueue(() => Answer("from a"));
        scriptB.Enqueue(() => Answer("from b"));
        Assert.Equal("from a ", (await a.GetResponseAsync("same", cancellationToken: TestContext.Current.CancellationToken)).Text);
        Assert.Equal("from b ", (await b.GetResponseAsync("same", cancellationToken: TestContext.Current.CancellationToken)).Text);
        Assert.Single(innerB.Calls);
    }

    [Fact]
    public async Task Redis_shares_the_cache_between_instances()
    {
        await using var redis = await RedisServer.StartAsync();

        // Two HybridCache instances with separate memory levels stand for two gateway processes.
        var (first, firstInner, firstScript) = Create(Switchboard.Redis.ResponseCacheFactory.Create(redis.Configuration));
        var (second, secondInner, _) = Create(Switchboard.Redis.ResponseCacheFactory.Create(redis.Configuration));
        firstScript.Enqueue(() => Answer("cached in redis"));

        var live = await StreamAsync(first, "shared question");
        var fromRedis = await StreamAsync(second, "shared question");

        Assert.Single(firstInner.Calls);
        Assert.Empty(secondInner.Calls);
        Assert.Equal(string.Concat(live.Select(u => u.Text)), string.Concat(fromRedis.Select(u => u.Text)));
    }
}
