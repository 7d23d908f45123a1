namespace Switchboard.Cli.Hosting;

/// <summary>
/// Everything the CLI touches outside itself: standard streams, environment and the Ctrl+C signal.
/// Tests build one over string writers and a dictionary instead of the real process.
/// </summary>
internal sealed class CliConsole
{
    public required TextReader In { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    /// <summary>Whether standard output is a terminal (colors, live rendering) rather than a pipe or file.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Raised on Ctrl+C; handlers set <see cref="ConsoleCancelEventArgs.Cancel"/> to keep the process alive.</summary>
    public event EventHandler<ConsoleCancelEventArgs>? CancelKeyPress;

    public static CliConsole FromProcess()
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var console = new CliConsole
        {
            In = Console.In,
            Out = Console.Out,
            Error = Console.Error,
            GetEnvironmentVariable = Environment.GetEnvironmentVariable,
            IsInteractive = !Console.IsOutputRedirected,
        };
        Console.CancelKeyPress += (_, e) => console.CancelKeyPress?.Invoke(console, e);
        return console;
    }
}
