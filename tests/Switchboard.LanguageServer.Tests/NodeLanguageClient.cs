using System.Diagnostics;
using System.Text.Json;

namespace Switchboard.LanguageServer.Tests;

/// <summary>
/// Runs the node client (client/drive.mjs, on Microsoft's vscode-languageserver-protocol) against the server process
/// and returns what it printed. The npm packages are installed from the lock file on first use, as a developer's
/// editor extension would have them.
/// </summary>
internal static class NodeLanguageClient
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string ClientDirectory => Path.Combine(AppContext.BaseDirectory, "client");

    public static async Task<JsonElement> RunScenarioAsync(string workspace, CancellationToken cancellationToken)
    {
        await EnsurePackagesAsync(cancellationToken);
        var server = Path.Combine(AppContext.BaseDirectory, "Switchboard.LanguageServer.TestHost.dll");
        var (exitCode, output, error) = await RunAsync("node", ["drive.mjs", workspace, "dotnet", server], ClientDirectory, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The node client failed ({exitCode}): {error}\n{output}");
        }

        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static async Task EnsurePackagesAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "vscode-languageserver-protocol")))
            {
                return;
            }

            var (exitCode, output, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], ClientDirectory, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed ({exitCode}) in {ClientDirectory}: {error}\n{output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
