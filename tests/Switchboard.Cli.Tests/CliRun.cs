using System.Text.Json;
using Switchboard.Cli.Hosting;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>Runs the CLI in-process over string writers, with an isolated HOME so no real config leaks in.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string stdout, string stderr)
    {
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
    }

    public int ExitCode { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }
    }

    public IReadOnlyList<JsonElement> JsonLines => Stdout
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        })
        .ToList();

    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, string stdin = "", string? homeDirectory = null)
    {
        var home = homeDirectory is null ? Directory.CreateTempSubdirectory("switchboard-cli-test-") : new DirectoryInfo(homeDirectory);
        try
        {
            var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["HOME"] = home.FullName };
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var console = new CliConsole
            {
                In = new StringReader(stdin),
                Out = stdout,
                Error = stderr,
                GetEnvironmentVariable = name => env.TryGetValue(name, out var value) ? value : null,
            };
            var exitCode = await SwitchboardApp.RunAsync(args, console, TestContext.Current.CancellationToken);
            return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            if (homeDirectory is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                home.Delete(recursive: true);
            }
        }
    }
}
