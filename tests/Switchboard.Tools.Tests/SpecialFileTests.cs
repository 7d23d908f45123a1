using System.Diagnostics;
using System.Net.Sockets;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>
/// Named pipes, sockets and devices in the workspace: opening a FIFO for reading waits until some process opens it
/// for writing, so a tool that reads one would hang for ever. Only regular files are read.
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    /// <summary>Long enough for any honest tool call here; a call still running then has hung on the pipe.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(15);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A real FIFO made with mkfifo(1), as a user or a build script would make one.</summary>
    private string MakeFifo(string relative)
    {
        var path = _ws.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static async Task<T> WithinLimit<T>(Func<T> call)
    {
        // On a thread of its own, so a call that blocks in open(2) fails this test instead of hanging the run.
        var task = Task.Factory.StartNew(call, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return await task.WaitAsync(HangLimit, Ct);
    }

    [Fact]
    public async Task Read_file_refuses_a_named_pipe_at_once_and_says_what_it_is()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs in a folder are a Unix thing.");
        MakeFifo("logs/live.pipe");

        var ex = await WithinLimit(() => Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("logs/live.pipe", cancellationToken: Ct)));

        Assert.Contains("'logs/live.pipe'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("named pipe", ex.Message, StringComparison.Ordinal);
        Assert.Contains("regular files", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_file_refuses_a_socket_and_a_device_node_is_never_opened()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix domain socket files are a Unix thing.");
        var socketPath = _ws.PathOf("agent.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        var ex = await WithinLimit(() => Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("agent.sock", cancellationToken: Ct)));

        Assert.Contains("'agent.sock' is a socket", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grep_over_a_folder_skips_a_named_pipe_and_searches_the_rest()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs in a folder are a Unix thing.");
        _ws.Write("src/a.txt", "needle one\n");
        MakeFifo("src/b.pipe");
        _ws.Write("src/c.txt", "needle two\n");

        var output = await WithinLimit(() => _ws.Tools.Grep("needle", cancellationToken: Ct));

        Assert.Equal("src/a.txt:1: needle one\nsrc/c.txt:1: needle two\n", output);
    }

    [Fact]
    public async Task Grep_naming_a_named_pipe_is_refused()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs in a folder are a Unix thing.");
        MakeFifo("events");

        var ex = await WithinLimit(() => Assert.Throws<ToolFailureException>(() => _ws.Tools.Grep("x", "events", cancellationToken: Ct)));

        Assert.Contains("'events' is a named pipe", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Glob_lists_regular_files_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs in a folder are a Unix thing.");
        _ws.Write("data/a.csv", "1\n");
        MakeFifo("data/stream.csv");

        var output = await WithinLimit(() => _ws.Tools.Glob("data/*.csv", Ct));

        Assert.Equal("data/a.csv\n", output);
    }

    [Fact]
    public async Task Edit_and_write_refuse_a_named_pipe_and_leave_it_in_place()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs in a folder are a Unix thing.");
        var fifo = MakeFifo("queue");

        var edit = await WithinLimit(() => Assert.Throws<ToolFailureException>(() => _ws.Tools.EditFile("queue", "a", "b")));
        var write = await WithinLimit(() => Assert.Throws<ToolFailureException>(() => _ws.Tools.WriteFile("queue", "text")));

        Assert.Contains("named pipe", edit.Message, StringComparison.Ordinal);
        Assert.Contains("named pipe", write.Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.NamedPipe, FileKindProbe.Of(fifo));
    }

    [Fact]
    public void List_dir_marks_special_files()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs in a folder are a Unix thing.");
        _ws.Write("a.txt", "");
        MakeFifo("p");

        Assert.Equal("a.txt\np [named pipe]\n", _ws.Tools.ListDirectory("."));
    }

    [Fact]
    public void The_probe_tells_regular_files_folders_and_missing_paths_apart()
    {
        var file = _ws.Write("f.txt", "x");

        Assert.Equal(FileKind.Regular, FileKindProbe.Of(file));
        Assert.Equal(FileKind.Directory, FileKindProbe.Of(_ws.RootPath));
        Assert.Equal(FileKind.Missing, FileKindProbe.Of(_ws.PathOf("nope")));
        Assert.Equal(FileKind.Missing, FileKindProbe.Of(_ws.PathOf("f.txt/below")));
    }
}
