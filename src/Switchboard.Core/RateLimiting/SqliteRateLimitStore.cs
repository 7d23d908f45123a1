using Dapper;
using Switchboard.Core.Storage;

namespace Switchboard.Core.RateLimiting;

/// <summary>
/// Rate-limit windows in the shared SQLite database: every process on the machine counts against the same window.
/// The check and the record of a request are one <c>BEGIN IMMEDIATE</c> transaction. Each window keeps running totals
/// beside its log, so a request that fits costs a few indexed statements however full the window is; the log itself
/// is read only when a request must wait, to say for how long.
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
            var key = new { Bucket = bucket, WindowStart = nowMs - (long)rule.Window.TotalMilliseconds };
            var (expiredRequests, expiredTokens) = await connection.QuerySingleAsync<(long, long)>(
                "SELECT count(*), coalesce(sum(tokens), 0) FROM rate_events WHERE bucket = @Bucket AND at_ms <= @WindowStart", key, transaction).ConfigureAwait(false);
            if (expiredRequests > 0)
            {
                await connection.ExecuteAsync("DELETE FROM rate_events WHERE bucket = @Bucket AND at_ms <= @WindowStart", key, transaction).ConfigureAwait(false);
            }

            await connection.ExecuteAsync("""
                INSERT INTO rate_windows (bucket, requests, tokens) VALUES (@Bucket, 0, 0) ON CONFLICT (bucket) DO NOTHING;
                UPDATE rate_windows SET requests = requests - @Requests, tokens = tokens - @Tokens WHERE bucket = @Bucket;
                """, new { Bucket = bucket, Requests = expiredRequests, Tokens = expiredTokens }, transaction).ConfigureAwait(false);
            var (requests, used) = await connection.QuerySingleAsync<(long, long)>(
                "SELECT requests, tokens FROM rate_windows WHERE bucket = @Bucket", key, transaction).ConfigureAwait(false);

            // A request larger than the whole token allowance still goes, alone, once the window is empty.
            var fits = (rule.RequestsPerWindow is not { } maxRequests || requests + 1 <= maxRequests)
                && (rule.TokensPerWindow is not { } maxTokens || used + Math.Min(tokens, maxTokens) <= maxTokens);
            if (fits)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO rate_events (bucket, at_ms, tokens) VALUES (@Bucket, @At, @Tokens);
                    UPDATE rate_windows SET requests = requests + 1, tokens = tokens + @Tokens WHERE bucket = @Bucket;
                    """, new { Bucket = bucket, At = nowMs, Tokens = tokens }, transaction).ConfigureAwait(false);
                return RateLimitDecision.Granted;
            }

            var entries = (await connection.QueryAsync<(long, int)>(
                "SELECT at_ms, tokens FROM rate_events WHERE bucket = @Bucket ORDER BY at_ms", key, transaction).ConfigureAwait(false)).ToList();
            var decision = SlidingWindowLog.Decide(entries, rule, tokens, nowMs);

            // The totals said no; the log agrees unless it was edited by hand. Either way nothing was recorded.
            return decision.Acquired ? new RateLimitDecision(false, TimeSpan.FromMilliseconds(1)) : decision;
        }, cancellationToken);
    }
}
