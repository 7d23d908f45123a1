using Dapper;
using Microsoft.Data.Sqlite;

namespace Switchboard.Context.Storage;

/// <summary>Opening a Switchboard SQLite file the one way: directory created, WAL journal, schema applied.</summary>
internal static class SqliteDatabase
{
    /// <summary>Creates the file's folder, applies <paramref name="schema"/> in WAL mode and returns the connection string.</summary>
    public static async Task<string> OpenAsync(string path, string schema, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // WAL lets the readers (list, get, export) run while the background writer appends; a killed process loses
        // nothing that was committed, because each commit is in the WAL file before the commit returns.
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA journal_mode = WAL;\n" + schema, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return connectionString;
    }
}
