using Dapper;
using Switchboard.Core.Storage;

namespace Switchboard.Core.RateLimiting;

/// <summary>
/// Rate-limit windows in the shared SQLite database: every process on the machine counts against the same window.
/// The check and the record of a request are one <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed class SqliteRateLimitStore(SwitchboardDatabase database) : IRateLimitStore
{
    private readonly SwitchboardDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public Task<RateLimitDecision> TryAcquireAsync(string bucket, RateLimitRule rule, int tokens, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var nowMs = now.ToUnixTimeMilliseconds();
        return _database.WriteAsync(async (connection, transaction) =>
        {
            var windowStart = nowMs - (long)rule.Window.TotalMilliseconds;
            await connection.ExecuteAsync("DELETE FROM rate_events WHERE bucket = @Bucket AND at_ms <= @WindowStart", new { Bucket = bucket, WindowStart = windowStart }, transaction).ConfigureAwait(false);
            var entries = (await connection.QueryAsync<(long, int)>(
                "SELECT at_ms, tokens FROM rate_events WHERE bucket = @Bucket ORDER BY at_ms", new { Bucket = bucket }, transaction).ConfigureAwait(false)).ToList();
            var decision = SlidingWindowLog.Decide(entries, rule, tokens, nowMs);
            if (decision.Acquired)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO rate_events (bucket, at_ms, tokens) VALUES (@Bucket, @At, @Tokens)", new { Bucket = bucket, At = nowMs, Tokens = tokens }, transaction).ConfigureAwait(false);
            }

            return decision;
        }, cancellationToken);
    }
}
