using Microsoft.Extensions.AI;
using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class PureToolCacheTests
{
    [Fact]
    public async Task The_same_call_runs_once_and_argument_order_does_not_matter()
    {
        var runs = 0;
        var cache = new PureToolCache();
        var add = cache.Wrap(AIFunctionFactory.Create((int a, int b) => { Interlocked.Increment(ref runs); return a + b; }, "add"));

        var first = await add.InvokeAsync(new AIFunctionArguments { ["a"] = 2, ["b"] = 3 }, TestContext.Current.CancellationToken);
        var second = await add.InvokeAsync(new AIFunctionArguments { ["b"] = 3, ["a"] = 2 }, TestContext.Current.CancellationToken);
        var other = await add.InvokeAsync(new AIFunctionArguments { ["a"] = 2, ["b"] = 4 }, TestContext.Current.CancellationToken);

        Assert.Equal(first?.ToString(), second?.ToString());
        Assert.Equal("6", other?.ToString());
        Assert.Equal(2, runs);
        Assert.Equal(1, cache.Hits);
        Assert.Equal("add", add.Name);
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        var runs = 0;
        var cache = new PureToolCache();
        var flaky = cache.Wrap(AIFunctionFactory.Create((string q) =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                throw new ToolFailureException("temporarily unavailable");
            }

            return "answer for " + q;
        }, "lookup"));

        await Assert.ThrowsAsync<ToolFailureException>(async () => await flaky.InvokeAsync(new AIFunctionArguments { ["q"] = "x" }, TestContext.Current.CancellationToken));
        Assert.Equal("answer for x", (await flaky.InvokeAsync(new AIFunctionArguments { ["q"] = "x" }, TestContext.Current.CancellationToken))?.ToString());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Concurrent_identical_calls_share_one_run()
    {
        var runs = 0;
        var gate = new TaskCompletionSource();
        var cache = new PureToolCache();
        var slow = cache.Wrap(AIFunctionFactory.Create(async (string q) => { Interlocked.Increment(ref runs); await gate.Task; return q.ToUpperInvariant(); }, "upper"));

        var calls = Enumerable.Range(0, 5).Select(_ => slow.InvokeAsync(new AIFunctionArguments { ["q"] = "hi" }, TestContext.Current.CancellationToken).AsTask()).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(calls);
        Assert.All(results, r => Assert.Equal("HI", r?.ToString()));
        Assert.Equal(1, runs);
    }
}
