using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Switchboard.Context.Storage;

/// <summary>
/// One writer task per database file: callers queue writes (a channel write, so a chat turn never waits for the
/// disk) and get a task that completes when the write is committed. Queued writes are committed together in one
/// transaction; disposing drains the queue, so nothing queued is lost on a normal shutdown.
/// </summary>
internal sealed class BackgroundSqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly string _connectionString;
    private readonly string _owner;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <param name="connectionString">The database.</param>
    /// <param name="owner">Names the store in errors (<c>conversation store</c>).</param>
    public BackgroundSqliteWriter(string connectionString, string owner)
    {
        _connectionString = connectionString;
        _owner = owner;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues <paramref name="write"/>; the task completes when it is committed (or fails with its error).</summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public Task Enqueue(Func<SqliteConnection, SqliteTransaction, Task> write)
    {
        var pending = new PendingWrite(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(_owner, $"The {_owner} is closed; nothing more can be written to it.");
        }

        return pending.Committed.Task;
    }

    /// <summary>Completes when everything queued before the call is committed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = new PendingWrite(null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(flush)
            ? flush.Committed.Task.WaitAsync(cancellationToken)
            : _loop.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting writes and waits until every queued one is committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var writes = batch.Where(w => w.Write is not null).ToList();
            if (writes.Count > 0 && !await TryCommitAsync(connection, writes).ConfigureAwait(false))
            {
                // One bad write must not take its neighbours down: retry each alone, so only it fails.
                foreach (var write in writes)
                {
                    await TryCommitAsync(connection, [write]).ConfigureAwait(false);
                }
            }

            foreach (var write in batch)
            {
                write.Committed.TrySetResult();
            }

            batch.Clear();
        }
    }

    private async Task<bool> TryCommitAsync(SqliteConnection connection, IReadOnlyList<PendingWrite> writes)
    {
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            foreach (var write in writes)
            {
                await write.Write!(connection, transaction).ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException or FormatException)
        {
            if (writes.Count == 1)
            {
                // Reported to whoever awaits the write, never silently dropped.
                writes[0].Committed.TrySetException(new IOException($"The {_owner} could not save a write: {ex.Message}", ex));
            }

            return false;
        }
    }

    private sealed record PendingWrite(Func<SqliteConnection, SqliteTransaction, Task>? Write, TaskCompletionSource Committed);
}
