using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>Every tool runs under a deadline: past it the call is cancelled and the model reads why.</summary>
public sealed class DeadlineTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tool_past_its_deadline_is_cancelled_and_fails_with_a_clear_error()
    {
        var clock = new FakeTimeProvider();
        var sawCancellation = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var slow = AIFunctionFactory.Create(async (CancellationToken token) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                sawCancellation.SetResult();
                throw;
            }

            return "never";
        }, "index_repository");
        var timeouts = new ToolTimeouts(perTool: new Dictionary<string, TimeSpan> { ["index_repository"] = TimeSpan.FromSeconds(5) }, timeProvider: clock);

        var call = timeouts.Apply(slow).InvokeAsync(new AIFunctionArguments(), Ct).AsTask();
        await started.Task.WaitAsync(Ct);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ToolTimeoutException>(() => call);
        Assert.Equal("index_repository did not finish within 5 s and was stopped. Ask for less at once (a narrower path or pattern, " +
            "a line range, a shorter command) or try another approach.", ex.Message);
        Assert.Equal("index_repository", ex.ToolName);
        await sawCancellation.Task.WaitAsync(Ct);
    }

    [Fact]
    public async Task A_tool_stuck_where_it_cannot_see_its_token_still_ends_the_call_at_the_deadline()
    {
        var clock = new FakeTimeProvider();
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var stuck = AIFunctionFactory.Create(() =>
        {
            started.Set();
            release.Wait(); // like open(2) on a FIFO: no token reaches it
            return "late";
        }, "stuck");
        var timeouts = new ToolTimeouts(defaultTimeout: TimeSpan.FromSeconds(2), timeProvider: clock);

        var call = timeouts.Apply(stuck).InvokeAsync(new AIFunctionArguments(), Ct).AsTask();
        Assert.True(started.Wait(TimeSpan.FromSeconds(10), Ct));
        clock.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(100, Ct);
        Assert.False(call.IsCompleted, "the call should give the tool its grace to stop before giving up on it");
        for (var waited = TimeSpan.Zero; waited <= DeadlineAIFunction.StopGrace && !call.IsCompleted; waited += TimeSpan.FromSeconds(1))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, Ct);
        }

        await Assert.ThrowsAsync<ToolTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        release.Set();
    }

    [Fact]
    public async Task A_tool_that_finishes_in_time_returns_its_result_and_the_callers_cancellation_is_not_a_timeout()
    {
        var timeouts = new ToolTimeouts(defaultTimeout: TimeSpan.FromMinutes(1));
        var quick = timeouts.Apply(AIFunctionFactory.Create(() => "done", "quick"));
        Assert.Equal("done", JsonSerializer.Deserialize<string>((JsonElement)(await quick.InvokeAsync(new AIFunctionArguments(), Ct))!));

        using var caller = new CancellationTokenSource();
        var waiting = timeouts.Apply(AIFunctionFactory.Create(async (CancellationToken token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        }, "waiting"));
        var call = waiting.InvokeAsync(new AIFunctionArguments(), caller.Token).AsTask();
        await caller.CancelAsync();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<ToolTimeoutException>(ex);
    }

    [Fact]
    public async Task Run_commands_deadline_kills_the_process_tree()
    {
        var tools = new WorkspaceTools(_ws.Workspace, new ToolTimeouts(perTool: new Dictionary<string, TimeSpan> { [WorkspaceToolNames.RunCommand] = TimeSpan.FromSeconds(1) }));
        var run = tools.All.Single(t => t.Name == WorkspaceToolNames.RunCommand);

        var ex = await Assert.ThrowsAsync<ToolTimeoutException>(() => run.InvokeAsync(
            new AIFunctionArguments { ["command"] = "echo $$ > shell.pid; sleep 100", ["timeout_seconds"] = 60 }, Ct).AsTask());

        Assert.Contains("run_command did not finish within 1 s", ex.Message, StringComparison.Ordinal);
        var pid = int.Parse(File.ReadAllText(_ws.PathOf("shell.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(200, Ct);
        Assert.False(RunCommandTests.IsAlive(pid), $"the shell {pid} outlived the deadline");
    }

    [Fact]
    public async Task The_model_reads_the_timeout_through_function_invocation()
    {
        var timeouts = new ToolTimeouts(defaultTimeout: TimeSpan.FromMilliseconds(200));
        var hang = timeouts.Apply(AIFunctionFactory.Create(async (CancellationToken token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        }, "hang"));
        var model = new ScriptedChatClient(
            _ => ScriptedChatClient.Calls(new FunctionCallContent("c1", "hang")),
            _ => ScriptedChatClient.Text("it hung"));
        using var client = new FunctionInvokingChatClient(model) { IncludeDetailedErrors = true };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { Tools = [hang] }, Ct);

        var result = ScriptedChatClient.ResultFor(model.Requests[1], "c1");
        Assert.IsType<ToolTimeoutException>(result.Exception);
        Assert.Contains("hang did not finish within 200 ms and was stopped", result.Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_workspace_and_default_tool_has_a_deadline_and_bad_timeouts_are_refused()
    {
        Assert.All(_ws.Tools.All, tool => Assert.IsType<DeadlineAIFunction>(tool));
        Assert.Equal(ToolTimeouts.DefaultTimeout, ToolTimeouts.Default.For(WorkspaceToolNames.ReadFile));
        Assert.True(ToolTimeouts.Default.For(WorkspaceToolNames.RunCommand) > TimeSpan.FromSeconds(CommandRunner.MaxTimeoutSeconds));

        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new ToolTimeouts(perTool: new Dictionary<string, TimeSpan> { ["grep"] = TimeSpan.Zero }));
        Assert.Contains("The timeout of 'grep' must be more than zero", zero.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToolTimeouts(defaultTimeout: TimeSpan.FromSeconds(-1)));
    }
}
