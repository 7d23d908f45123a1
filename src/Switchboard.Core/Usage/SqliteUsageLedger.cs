using System.Globalization;
using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Usage;

/// <summary>
/// The default usage ledger: one SQLite file in WAL mode. Records are queued and written by one background
/// writer in batched transactions, so recording costs the caller a channel write; disposing drains the queue,
/// so nothing is lost on a normal shutdown.
/// </summary>
public sealed class SqliteUsageLedger : IUsageLedger
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const int MaxBatch = 256;

    private const string InsertSql = """
        INSERT INTO usage (timestamp, model, provider, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
                           cache_write_tokens, cost_usd, priced, usage_estimated, latency_ms, ttft_ms, outcome, streaming)
        VALUES (@Timestamp, @Model, @Provider, @InputTokens, @OutputTokens, @CachedInputTokens, @ReasoningTokens,
                @CacheWriteTokens, @CostUsd, @Priced, @UsageEstimated, @LatencyMs, @TimeToFirstTokenMs, @Outcome, @Streaming)
        """;

    private readonly SwitchboardDatabase _database;
    private readonly ILogger _logger;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="database">The shared database the ledger's table lives in.</param>
    /// <param name="logger">Where a failed write is reported (besides the flush that waits for it).</param>
    public SqliteUsageLedger(SwitchboardDatabase database, ILogger<SqliteUsageLedger>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens (and creates if needed) the database at <paramref name="path"/> and a ledger on it.</summary>
    /// <exception cref="SwitchboardStorageException">The database cannot be opened.</exception>
    public static async Task<SqliteUsageLedger> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        new(await SwitchboardDatabase.OpenAsync(path, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_queue.Writer.TryWrite(record))
        {
            throw new ObjectDisposedException(nameof(SqliteUsageLedger), "The usage ledger is closed; the call could not be recorded.");
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(flushed))
        {
            await _writer.ConfigureAwait(false);
            return;
        }

        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UsageSummaryRow>> SummarizeAsync(UsageGrouping grouping, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var key = grouping switch
        {
            UsageGrouping.Day => "substr(timestamp, 1, 10)",
            UsageGrouping.Model => "model",
            UsageGrouping.Provider => "provider",
            _ => throw new ArgumentOutOfRangeException(nameof(grouping)),
        };
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // total() is always REAL. A plain sum() is INTEGER 0 for a group of only unpriced calls, and Dapper, which
        // types the columns from the first row, then fails on a later group that differs from it.
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition($"""
            SELECT {key} AS Key, count(*) AS Calls,
                   sum(CASE WHEN outcome = 'ok' THEN 0 ELSE 1 END) AS FailedCalls,
                   coalesce(sum(input_tokens), 0) AS InputTokens, coalesce(sum(output_tokens), 0) AS OutputTokens,
                   coalesce(sum(cached_input_tokens), 0) AS CachedInputTokens, coalesce(sum(reasoning_tokens), 0) AS ReasoningTokens,
                   total(CASE WHEN priced = 1 THEN cost_usd END) AS CostUsd,
                   sum(CASE WHEN priced = 1 THEN 0 ELSE 1 END) AS UnpricedCalls
            FROM usage WHERE timestamp >= @since GROUP BY {key} ORDER BY {key}
            """, new { since = since.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new UsageSummaryRow
        {
            Key = r.Key,
            Calls = r.Calls,
            FailedCalls = r.FailedCalls,
            InputTokens = r.InputTokens,
            OutputTokens = r.OutputTokens,
            CachedInputTokens = r.CachedInputTokens,
            ReasoningTokens = r.ReasoningTokens,
            CostUsd = (decimal)r.CostUsd,
            UnpricedCalls = r.UnpricedCalls,
        }).ToList();
    }

    /// <summary>Stops accepting records and waits until every queued one is stored.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<UsageRecord>(MaxBatch);
        var flushes = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item is UsageRecord record)
                {
                    batch.Add(record);
                }
                else
                {
                    flushes.Add((TaskCompletionSource)item);
                    break;
                }
            }

            try
            {
                if (batch.Count > 0)
                {
                    await WriteBatchAsync(batch).ConfigureAwait(false);
                }

                flushes.ForEach(f => f.TrySetResult());
            }
            catch (Exception ex) when (ex is SqliteException or IOException)
            {
                // A failed write is reported to whoever waits for a flush, never silently dropped.
                flushes.ForEach(f => f.TrySetException(ex));
                UsageLog.WriteFailed(_logger, batch.Count, _database.FilePath, ex);
            }

            batch.Clear();
            flushes.Clear();
        }
    }

    private async Task WriteBatchAsync(List<UsageRecord> batch)
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await connection.ExecuteAsync(InsertSql, batch.Select(r => new
        {
            Timestamp = r.Timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
            r.Model,
            r.Provider,
            r.InputTokens,
            r.OutputTokens,
            r.CachedInputTokens,
            r.ReasoningTokens,
            r.CacheWriteTokens,
            CostUsd = r.CostUsd is { } cost ? (double?)cost : null,
            Priced = r.CostUsd is not null,
            r.UsageEstimated,
            r.LatencyMs,
            r.TimeToFirstTokenMs,
            r.Outcome,
            r.Streaming,
        }), transaction).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    /// <summary>Dapper's row shape for the summary query.</summary>
    private sealed class SummaryRow
    {
        public string Key { get; set; } = "";

        public long Calls { get; set; }

        public long FailedCalls { get; set; }

        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }

        public long CachedInputTokens { get; set; }

        public long ReasoningTokens { get; set; }

        public double CostUsd { get; set; }

        public long UnpricedCalls { get; set; }
    }
}
