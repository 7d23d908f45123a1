using System.Diagnostics;
using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_in_the_workspace_root_and_reports_the_exit_code_and_both_streams()
    {
        _ws.Write("marker.txt", "here\n");

        var result = await _ws.Tools.RunCommandAsync("cat marker.txt; echo oops >&2; exit 3", cancellationToken: Ct);

        Assert.StartsWith("Exit code: 3\n", result);
        Assert.Contains("here", result);
        Assert.Contains("oops", result);
    }

    [Fact]
    public async Task Success_and_silence_are_reported_too()
    {
        Assert.Equal("Exit code: 0\n(no output)\n", await _ws.Tools.RunCommandAsync("true", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_command_that_never_ends_is_killed_at_the_timeout()
    {
        var clock = Stopwatch.StartNew();

        var result = await _ws.Tools.RunCommandAsync("echo started; sleep 100", timeoutSeconds: 1, cancellationToken: Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.StartsWith("Timed out after 1 s; the command and its child processes were killed.", result);
        Assert.Contains("started", result);
    }

    [Fact]
    public async Task The_whole_process_tree_is_killed_on_timeout()
    {
        var pidFile = _ws.PathOf("child.pid");

        await _ws.Tools.RunCommandAsync("sh -c 'echo $$ > child.pid; exec sleep 100' & wait", timeoutSeconds: 1, cancellationToken: Ct);

        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(200, Ct);
        Assert.False(IsAlive(pid), $"child {pid} survived the timeout");
    }

    [Fact]
    public async Task A_flood_of_output_is_capped_to_head_and_tail()
    {
        var clock = Stopwatch.StartNew();

        var result = await _ws.Tools.RunCommandAsync(
            "echo FIRST; yes | head -c 50000000; echo; echo LAST", timeoutSeconds: 60, cancellationToken: Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.StartsWith("Exit code: 0\n", result);
        Assert.Contains("Output:\nFIRST\n", result);
        // The tail survives; "yes" may add "Broken pipe" after it when SIGPIPE is ignored by the test host.
        Assert.Contains("\nLAST\n", result[^100..]);
        Assert.Matches(@"\[\.\.\. \d+ bytes omitted \.\.\.\]", result);
        Assert.True(result.Length < 20_000, $"{result.Length} characters came back");
    }

    [Fact]
    public async Task A_flood_without_newlines_on_stderr_does_not_block()
    {
        var result = await _ws.Tools.RunCommandAsync(
            "cat /dev/zero | head -c 20000000 | tr '\\0' a >&2; echo done", timeoutSeconds: 60, cancellationToken: Ct);

        Assert.StartsWith("Exit code: 0\n", result);
        Assert.Contains("bytes omitted", result);
        Assert.EndsWith("done\n", result);
    }

    [Fact]
    public async Task A_background_process_holding_the_pipe_does_not_hang_the_call()
    {
        var clock = Stopwatch.StartNew();

        var result = await _ws.Tools.RunCommandAsync("sleep 30 & echo started", timeoutSeconds: 20, cancellationToken: Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.StartsWith("Exit code: 0\n", result);
        Assert.Contains("started", result);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reader_gets_end_of_file()
    {
        var result = await _ws.Tools.RunCommandAsync("cat; echo after", timeoutSeconds: 5, cancellationToken: Ct);

        Assert.Contains("after", result);
        Assert.DoesNotContain("Timed out", result);
    }

    [Fact]
    public void Output_capture_keeps_exact_text_when_it_fits()
    {
        var capture = new OutputCapture(4, 4);
        capture.Append("abc"u8);
        capture.Append("def"u8);
        Assert.Equal("abcdef", capture.ToString());

        capture.Append("ghijkl"u8);
        Assert.Equal("abcd\n[... 4 bytes omitted ...]\nijkl", capture.ToString());
        Assert.Equal(12, capture.TotalBytes);
    }

    /// <summary>Alive and not a zombie: an orphan may wait a while to be reaped in a container.</summary>
    internal static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        string text;
        try
        {
            text = File.ReadAllText(stat);
        }
        catch (IOException)
        {
            return false;
        }

        var state = text[(text.LastIndexOf(')') + 2)..].TrimStart()[0];
        return state is not 'Z' and not 'X';
    }
}
