using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Switchboard.Tools;

/// <summary>
/// <c>run_command</c>: a shell command in the workspace root, with a timeout that kills the whole process tree and
/// output capped to its head and tail. Both pipes are drained concurrently, so a command that floods stderr
/// cannot block on a full pipe while we wait on stdout.
/// </summary>
internal sealed class CommandRunner(Workspace workspace)
{
    public const int DefaultTimeoutSeconds = 60;
    public const int MaxTimeoutSeconds = 600;
    public const int OutputHeadBytes = 8 * 1024;
    public const int OutputTailBytes = 8 * 1024;

    /// <summary>
    /// How long to keep reading after the shell exits (or is killed). A background child can hold the pipes open
    /// for ever; after this we stop reading rather than hang.
    /// </summary>
    public static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public async Task<string> RunAsync(string command, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ToolFailureException("The command is empty.");
        }

        if (timeoutSeconds < 1)
        {
            throw new ToolFailureException("timeout_seconds must be at least 1.");
        }

        var timeout = TimeSpan.FromSeconds(Math.Min(timeoutSeconds, MaxTimeoutSeconds));
        using var process = new Process { StartInfo = CreateStartInfo(command) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolFailureException($"Could not start the shell '{process.StartInfo.FileName}': {ex.Message}", ex);
        }

        // No one will type into it: a command reading stdin gets end-of-file instead of waiting.
        process.StandardInput.Close();

        var capture = new OutputCapture(OutputHeadBytes, OutputTailBytes);
        using var stopReading = new CancellationTokenSource();
        var readers = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, capture, stopReading.Token),
            PumpAsync(process.StandardError.BaseStream, capture, stopReading.Token));

        var timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                timedOut = !cancellationToken.IsCancellationRequested;
            }
        }

        var drained = await DrainAsync(readers, stopReading).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Format(process, capture, timedOut, timeout, drained);
    }

    private ProcessStartInfo CreateStartInfo(string command)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = workspace.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };

        if (OperatingSystem.IsWindows())
        {
            info.FileName = "cmd.exe";
            info.ArgumentList.Add("/d");
            info.ArgumentList.Add("/s");
            info.ArgumentList.Add("/c");
        }
        else
        {
            info.FileName = "/bin/sh";
            info.ArgumentList.Add("-c");
        }

        info.ArgumentList.Add(command);

        // Pagers and credential prompts would wait for a terminal that is not there.
        info.Environment["PAGER"] = "cat";
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        return info;
    }

    private static async Task PumpAsync(Stream stream, OutputCapture capture, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                capture.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Reading stops when we give up on the pipe or it breaks; what was read is kept.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits for both pipes to close; returns false when a leftover process kept them open.</summary>
    private static async Task<bool> DrainAsync(Task readers, CancellationTokenSource stopReading)
    {
        using (var grace = new CancellationTokenSource())
        {
            var finished = await Task.WhenAny(readers, Task.Delay(DrainGrace, grace.Token)).ConfigureAwait(false) == readers;
            await grace.CancelAsync().ConfigureAwait(false);
            if (finished)
            {
                return true;
            }
        }

        await stopReading.CancelAsync().ConfigureAwait(false);
        try
        {
            await readers.WaitAsync(DrainGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Abandoned: the reads end when the leftover process exits or the pipe is collected.
        }

        return false;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static string Format(Process process, OutputCapture capture, bool timedOut, TimeSpan timeout, bool drained)
    {
        var output = new StringBuilder();
        if (timedOut)
        {
            output.Append(CultureInfo.InvariantCulture,
                $"Timed out after {timeout.TotalSeconds:0} s; the command and its child processes were killed.\n");
        }
        else
        {
            output.Append(CultureInfo.InvariantCulture, $"Exit code: {process.ExitCode}\n");
        }

        if (!drained)
        {
            output.Append("[stopped reading output: a background process still holds it open]\n");
        }

        var text = capture.ToString();
        if (text.Length == 0)
        {
            output.Append("(no output)\n");
        }
        else
        {
            output.Append("Output:\n").Append(text);
            if (!text.EndsWith('\n'))
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }
}
