using Dapper;
using Microsoft.Data.Sqlite;

namespace Switchboard.Core.Storage;

/// <summary>
/// The SQLite file that holds what every Switchboard process on one machine shares: the usage ledger, budget spend
/// and reservations, and rate-limit windows. WAL mode lets readers and one writer work at once; writes that must not
/// interleave across processes (a budget check and its reservation) run in <c>BEGIN IMMEDIATE</c> transactions, and a
/// busy database is waited for rather than failed.
/// </summary>
public sealed class SwitchboardDatabase
{
    /// <summary>Bumped whenever the schema changes; each step in <see cref="MigrateAsync"/> upgrades one version.</summary>
    private const int SchemaVersion = 2;

    private readonly Lazy<Task> _created;

    /// <summary>
    /// A database at <paramref name="path"/>, opened (and created or upgraded) on first use, so a command that never
    /// records anything never touches the disk.
    /// </summary>
    public SwitchboardDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = path;

        // DefaultTimeout is also how long a busy database is retried: 20 processes settling at once must queue, not fail.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        _created = new Lazy<Task>(CreateAsync);
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    internal string ConnectionString { get; }

    /// <summary>Opens (creating it and its folder if needed) and upgrades the database at <paramref name="path"/> now.</summary>
    /// <exception cref="SwitchboardStorageException">The file cannot be created, opened or is not a Switchboard database.</exception>
    public static async Task<SwitchboardDatabase> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var database = new SwitchboardDatabase(path);
        await database.EnsureCreatedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>Creates and upgrades the database once; later calls return the same task (and the same failure).</summary>
    /// <exception cref="SwitchboardStorageException">The file cannot be created, opened or is not a Switchboard database.</exception>
    public Task EnsureCreatedAsync() => _created.Value;

    /// <summary>An open connection to the created database; the caller disposes it.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync().ConfigureAwait(false);
        return await ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateAsync()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(FilePath))!);
            await using var connection = await ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            await MigrateAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new SwitchboardStorageException(FilePath, ex);
        }
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // In WAL mode NORMAL keeps the file consistent through a crash and drops the fsync of every commit;
            // a power cut can lose the last few usage rows, never corrupt them.
            await connection.ExecuteAsync("PRAGMA synchronous = NORMAL;").ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction: it holds the write lock from its first
    /// statement, so a read-check-write sequence cannot interleave with another process's.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite has no async overload taking the mode); a busy database is retried until the timeout.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task MigrateAsync(SqliteConnection connection)
    {
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
        var version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version;").ConfigureAwait(false);
        if (version >= SchemaVersion)
        {
            return;
        }

        await using var transaction = connection.BeginTransaction(deferred: false);

        // Read again under the write lock: another process may have migrated meanwhile.
        version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version;", transaction: transaction).ConfigureAwait(false);
        if (version < 1)
        {
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS usage (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    timestamp TEXT NOT NULL,
                    model TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    input_tokens INTEGER, output_tokens INTEGER, cached_input_tokens INTEGER,
                    reasoning_tokens INTEGER, cache_write_tokens INTEGER,
                    cost_usd REAL, priced INTEGER NOT NULL, usage_estimated INTEGER NOT NULL,
                    latency_ms REAL NOT NULL, ttft_ms REAL,
                    outcome TEXT NOT NULL, streaming INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS usage_timestamp ON usage (timestamp);
                """, transaction: transaction).ConfigureAwait(false);
        }

        if (version < 2)
        {
            // Amounts are integer nano-dollars: exact sums, and prices of a millionth of a cent still count.
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS budget_spend (
                    scope TEXT NOT NULL, period TEXT NOT NULL, spent_nanos INTEGER NOT NULL,
                    PRIMARY KEY (scope, period));
                CREATE TABLE IF NOT EXISTS budget_reservations (
                    id TEXT PRIMARY KEY, scope TEXT NOT NULL, day TEXT NOT NULL, month TEXT NOT NULL,
                    amount_nanos INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS budget_reservations_scope ON budget_reservations (scope, expires_at_ms);
                CREATE TABLE IF NOT EXISTS rate_events (
                    bucket TEXT NOT NULL, at_ms INTEGER NOT NULL, tokens INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS rate_events_bucket ON rate_events (bucket, at_ms);
                CREATE TABLE IF NOT EXISTS rate_windows (
                    bucket TEXT PRIMARY KEY, requests INTEGER NOT NULL, tokens INTEGER NOT NULL);
                """, transaction: transaction).ConfigureAwait(false);
        }

        await connection.ExecuteAsync($"PRAGMA user_version = {SchemaVersion};", transaction: transaction).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
