using System.CommandLine;
using Switchboard.Cli.Chat;

namespace Switchboard.Cli.Hosting;

/// <summary>The <c>switchboard</c> command tree, runnable over any <see cref="CliConsole"/>.</summary>
internal static class SwitchboardApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand("switchboard: one command line for OpenAI, Anthropic, Gemini, Ollama and local models.")
        {
            ChatCommand.Create(console),
            Usage.UsageCommand.Create(console),
        };

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // The chat REPL handles Ctrl+C itself: it cancels the current answer, not the session.
            ProcessTerminationTimeout = null,
        };
        return await root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}
