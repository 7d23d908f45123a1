using Microsoft.Data.Sqlite;
using Switchboard.Configuration;
using Switchboard.Core.Usage;

namespace Switchboard.Cli.Hosting;

/// <summary>Opens the user's usage ledger for a command.</summary>
internal static class UsageLedgerOpener
{
    /// <summary>
    /// Opens the ledger; if the data folder is not writable, chat still works and the user is told that
    /// this session's usage is not being recorded (a loud warning rather than a refusal to chat).
    /// </summary>
    public static async Task<IUsageLedger?> TryOpenAsync(CliConsole console)
    {
        var path = SwitchboardPaths.UsageDatabase(console.GetEnvironmentVariable);
        try
        {
            return await SqliteUsageLedger.OpenAsync(path);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"warning: usage is not being recorded: cannot open {path}: {ex.Message}");
            return null;
        }
    }
}
