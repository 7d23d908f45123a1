namespace Switchboard.Core.RateLimiting;

/// <summary>Rate-limit windows held in this process only, for library users without a shared database.</summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private readonly Dictionary<string, List<(long AtMs, int Tokens)>> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public Task<RateLimitDecision> TryAcquireAsync(string bucket, RateLimitRule rule, int tokens, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(rule);
        var nowMs = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var entries))
            {
                _buckets[bucket] = entries = [];
            }

            var windowStart = nowMs - (long)rule.Window.TotalMilliseconds;
            entries.RemoveAll(e => e.AtMs <= windowStart);
            var decision = SlidingWindowLog.Decide(entries, rule, tokens, nowMs);
            if (decision.Acquired)
            {
                entries.Add((nowMs, tokens));
            }

            return Task.FromResult(decision);
        }
    }
}
