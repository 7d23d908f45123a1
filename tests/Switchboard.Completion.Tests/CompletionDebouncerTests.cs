using Microsoft.Extensions.Time.Testing;
using Switchboard.Completion.Engine;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class CompletionDebouncerTests
{
    [Fact]
    public async Task A_newer_request_for_the_same_document_cancels_the_pending_one_and_only_the_newest_runs()
    {
        var time = new FakeTimeProvider();
        var debouncer = new CompletionDebouncer(TimeSpan.FromMilliseconds(100), time);
        var ran = new List<string>();

        var first = debouncer.RunAsync("doc", _ => { ran.Add("first"); return Task.FromResult(1); }, CancellationToken.None);
        var second = debouncer.RunAsync("doc", _ => { ran.Add("second"); return Task.FromResult(2); }, CancellationToken.None);
        var other = debouncer.RunAsync("other-doc", _ => { ran.Add("other"); return Task.FromResult(3); }, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(2, await second);
        Assert.Equal(3, await other);
        Assert.Equal(["other", "second"], ran.Order());
    }

    [Fact]
    public async Task Nothing_runs_before_the_quiet_time()
    {
        var time = new FakeTimeProvider();
        var debouncer = new CompletionDebouncer(TimeSpan.FromMilliseconds(100), time);
        var started = false;

        var task = debouncer.RunAsync("doc", _ => { started = true; return Task.FromResult(0); }, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(started);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await task;
        Assert.True(started);
    }

    [Fact]
    public async Task A_running_request_is_cancelled_by_a_newer_one()
    {
        var debouncer = new CompletionDebouncer(TimeSpan.Zero);
        var running = new TaskCompletionSource();
        var first = debouncer.RunAsync("doc", async token =>
        {
            running.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return 1;
        }, CancellationToken.None);
        await running.Task;

        var second = await debouncer.RunAsync("doc", _ => Task.FromResult(2), CancellationToken.None);

        Assert.Equal(2, second);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }
}
