using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Switchboard.Memory.Graph;
using Switchboard.Memory.Search;

namespace Switchboard.Memory.Storage;

/// <summary>
/// The one background writer: adds (embedded in batches, then stored in one transaction), forgets and reindexes run
/// here in the order they were queued, so a caller pays a channel write and a forget queued after an add always
/// sees it. A memory whose embedding fails is stored without a vector (keyword search still finds it, reindex
/// embeds it later); a failed write is reported to the next <see cref="WriterCommand.Flush"/>.
/// </summary>
internal sealed class MemoryWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private const string InsertMemorySql = """
        INSERT INTO memories (id, conversation_id, workspace, kind, text, created_ms)
        VALUES (@Id, @ConversationId, @Workspace, @Kind, @Text, @CreatedMs) RETURNING seq
        """;

    private const string UpsertVectorSql = """
        INSERT INTO memory_vectors (seq, model, dimensions, vector) VALUES (@Seq, @Model, @Dimensions, @Vector)
        ON CONFLICT (seq) DO UPDATE SET model = excluded.model, dimensions = excluded.dimensions, vector = excluded.vector
        """;

    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly VectorIndex _index;
    private readonly EmbeddingBatcher? _embedder;
    private readonly GraphExtractionQueue? _graph;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private Exception? _unreportedFailure;

    public MemoryWriter(string connectionString, VectorIndex index, EmbeddingBatcher? embedder, GraphExtractionQueue? graph, ILogger logger)
    {
        _connectionString = connectionString;
        _index = index;
        _embedder = embedder;
        _graph = graph;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues work; false once the writer is closed.</summary>
    public bool TryEnqueue(object work) => _queue.Writer.TryWrite(work);

    /// <summary>Stops accepting work and waits until everything queued is done.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingMemory>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            WriterCommand? command = null;
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item is PendingMemory memory)
                {
                    batch.Add(memory);
                }
                else
                {
                    command = (WriterCommand)item;
                    break;
                }
            }

            if (batch.Count > 0)
            {
                await StoreAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }

            if (command is not null)
            {
                await RunAsync(command).ConfigureAwait(false);
            }
        }
    }

    private async Task StoreAsync(List<PendingMemory> batch)
    {
        float[][]? vectors = null;
        if (_embedder is not null)
        {
            try
            {
                vectors = await _embedder.EmbedAsync(batch.Select(m => m.Text).ToList(), CancellationToken.None).ConfigureAwait(false);
                var dimensions = _index.Dimensions == 0 ? vectors[0].Length : _index.Dimensions;
                if (vectors.Any(v => v.Length != dimensions))
                {
                    throw new InvalidOperationException($"{_embedder.ModelId} returned vectors of another length than {dimensions}.");
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Provider down, quota, a bad local model: keep the memories, searchable by keyword until reindex.
                MemoryLog.EmbeddingFailed(_logger, batch.Count, _embedder.ModelId, ex);
            }
        }

        var seqs = new long[batch.Count];
        try
        {
            await using var connection = await MemoryDatabase.OpenAsync(_connectionString, CancellationToken.None).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var memory = batch[i];
                seqs[i] = await connection.ExecuteScalarAsync<long>(InsertMemorySql, new
                {
                    memory.Id,
                    memory.ConversationId,
                    memory.Workspace,
                    Kind = (int)memory.Kind,
                    memory.Text,
                    CreatedMs = memory.CreatedAt.ToUnixTimeMilliseconds(),
                }, transaction).ConfigureAwait(false);
                await WordFrequencies.AddAsync(connection, transaction, memory.Text).ConfigureAwait(false);
                if (vectors is not null)
                {
                    await SaveVectorAsync(connection, transaction, seqs[i], vectors[i]).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            _unreportedFailure = ex;
            MemoryLog.WriteFailed(_logger, batch.Count, ex);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (vectors is not null)
            {
                _index.Add(seqs[i], batch[i].Workspace, batch[i].Kind, vectors[i]);
            }

            if (_graph is not null && batch[i].Kind is MemoryKind.Summary or MemoryKind.Note)
            {
                _graph.Enqueue(seqs[i], batch[i]);
            }
        }
    }

    private async Task RunAsync(WriterCommand command)
    {
        switch (command)
        {
            case WriterCommand.Flush flush:
                if (Interlocked.Exchange(ref _unreportedFailure, null) is { } failure)
                {
                    flush.Done.TrySetException(new InvalidOperationException($"Some memories could not be stored: {failure.Message}", failure));
                }
                else if (_graph is not null)
                {
                    _graph.EnqueueFlush(flush.Done);
                }
                else
                {
                    flush.Done.TrySetResult();
                }

                break;
            case WriterCommand.Forget forget:
                await CompleteAsync(forget.Done, () => ForgetAsync(forget.MemoryId, forget.ConversationId)).ConfigureAwait(false);
                break;
            case WriterCommand.Reindex reindex:
                await CompleteAsync(reindex.Done, () => ReindexAsync(reindex.All, reindex.Progress, reindex.CancellationToken)).ConfigureAwait(false);
                break;
        }
    }

    private static async Task CompleteAsync(TaskCompletionSource<int> done, Func<Task<int>> work)
    {
        try
        {
            done.TrySetResult(await work().ConfigureAwait(false));
        }
        catch (OperationCanceledException ex)
        {
            done.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The caller awaits this command and sees the error; the writer goes on with the queue.
            done.TrySetException(ex);
        }
    }

    private async Task<int> ForgetAsync(string? memoryId, string? conversationId)
    {
        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, CancellationToken.None).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
        var (column, value) = memoryId is not null ? ("id", memoryId) : ("conversation_id", conversationId);

        // Vectors, entity mentions and relation sources cascade; the trigger removes the FTS entry.
        var removed = (await connection.QueryAsync<(long Seq, string Text)>($"DELETE FROM memories WHERE {column} = @value RETURNING seq, text", new { value }, transaction).ConfigureAwait(false)).AsList();
        if (removed.Count > 0)
        {
            await connection.ExecuteAsync(MemoryDatabase.RemoveUnsupportedFactsSql, transaction: transaction).ConfigureAwait(false);
            await WordFrequencies.RemoveAsync(connection, transaction, removed.Select(r => r.Text)).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        foreach (var (seq, _) in removed)
        {
            _index.Remove(seq);
        }

        return removed.Count;
    }

    private async Task<int> ReindexAsync(bool all, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (_embedder is null)
        {
            throw new InvalidOperationException("No embedding generator is configured, so there is nothing to reindex with.");
        }

        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var stale = (await connection.QueryAsync<StaleRow>(new CommandDefinition("""
            SELECT m.seq AS Seq, m.workspace AS Workspace, m.kind AS Kind, m.text AS Text
            FROM memories m LEFT JOIN memory_vectors v ON v.seq = m.seq
            WHERE @all OR v.model IS NULL OR v.model <> @model ORDER BY m.seq
            """, new { all, model = _embedder.ModelId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var done = 0;
        foreach (var batch in stale.Chunk(MaxBatch))
        {
            var vectors = await _embedder.EmbedAsync(batch.Select(r => r.Text).ToList(), cancellationToken).ConfigureAwait(false);
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    await SaveVectorAsync(connection, transaction, batch[i].Seq, vectors[i]).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (done == 0 && _index.Dimensions != 0 && _index.Dimensions != vectors[0].Length)
            {
                // The new model's vectors have another length: the old ones in the index are of no use any more.
                _index.Clear();
            }

            for (var i = 0; i < batch.Length; i++)
            {
                _index.Add(batch[i].Seq, batch[i].Workspace, (MemoryKind)batch[i].Kind, vectors[i]);
            }

            done += batch.Length;
            progress?.Report(done);
        }

        return done;
    }

    private Task SaveVectorAsync(SqliteConnection connection, SqliteTransaction transaction, long seq, float[] vector) =>
        connection.ExecuteAsync(UpsertVectorSql, new { Seq = seq, Model = _embedder!.ModelId, Dimensions = vector.Length, Vector = VectorBlob.ToBytes(vector) }, transaction);

    private sealed class StaleRow
    {
        public long Seq { get; set; }

        public string Workspace { get; set; } = string.Empty;

        public long Kind { get; set; }

        public string Text { get; set; } = string.Empty;
    }
}
