using StackExchange.Redis;
using Switchboard.Core.RateLimiting;

namespace Switchboard.Redis;

/// <summary>
/// Rate-limit windows in Redis: an exact sliding-window log per bucket (a sorted set of request times and tokens),
/// checked and written by one Lua script, so every instance sharing the Redis server counts against one window.
/// </summary>
public sealed class RedisRateLimitStore(RedisConnection redis, string keyPrefix = "switchboard:rate:") : IRateLimitStore
{
    // KEYS: the bucket's sorted set. ARGV: now ms, window ms, max requests (-1), max tokens (-1), tokens, member.
    // Members are "unique:tokens", scored by time; the decision is the same as SlidingWindowLog's.
    private const string AcquireScript = """
        local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
        local maxRequests, maxTokens, tokens = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        local count = #entries / 2
        local wait = 0
        if maxRequests >= 0 and count + 1 > maxRequests then
          local mustLeave = count - maxRequests
          local at = tonumber(entries[mustLeave * 2 + 2])
          wait = math.max(wait, at + window - now)
        end
        if maxTokens >= 0 then
          local needed = math.min(tokens, maxTokens)
          local used = 0
          for i = 1, #entries, 2 do used = used + tonumber(string.match(entries[i], ':(%d+)$')) end
          local i = 1
          while i <= #entries and used + needed > maxTokens do
            used = used - tonumber(string.match(entries[i], ':(%d+)$'))
            wait = math.max(wait, tonumber(entries[i + 1]) + window - now)
            i = i + 2
          end
        end
        if wait > 0 then return {0, wait} end
        redis.call('ZADD', KEYS[1], now, ARGV[6])
        redis.call('PEXPIRE', KEYS[1], window)
        return {1, 0}
        """;

    private readonly RedisConnection _redis = redis ?? throw new ArgumentNullException(nameof(redis));

    /// <inheritdoc />
    public async Task<RateLimitDecision> TryAcquireAsync(string bucket, RateLimitRule rule, int tokens, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var database = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(AcquireScript, [keyPrefix + bucket],
        [
            now.ToUnixTimeMilliseconds(),
            (long)rule.Window.TotalMilliseconds,
            rule.RequestsPerWindow ?? -1,
            rule.TokensPerWindow ?? -1,
            tokens,
            $"{Guid.NewGuid():N}:{tokens}",
        ]).ConfigureAwait(false))!;
        return (long)result[0] == 1 ? RateLimitDecision.Granted : new RateLimitDecision(false, TimeSpan.FromMilliseconds((long)result[1]));
    }
}
