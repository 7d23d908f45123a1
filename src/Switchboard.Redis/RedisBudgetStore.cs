using System.Globalization;
using StackExchange.Redis;
using Switchboard.Core.Budgets;

namespace Switchboard.Redis;

/// <summary>
/// Budgets in Redis, for several gateway instances (or machines) sharing one budget: a check and its reservation are
/// one Lua script, which Redis runs atomically, so racing requests anywhere cannot overspend. Spend per scope and period
/// is a counter (integer nano-dollars) that settlement adds to; reservations expire if their holder dies.
/// </summary>
public sealed class RedisBudgetStore(RedisConnection redis, string keyPrefix = "switchboard:budget:") : IBudgetStore
{
    // KEYS: spend hash, reservation expiry zset, reservation hash. ARGV: now, day, month, amount, daily limit (-1: none),
    // monthly limit, id, expires. Reservations hold "day month nanos".
    private const string ReserveScript = """
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
        for _, id in ipairs(expired) do redis.call('HDEL', KEYS[3], id) end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
        local spentDay = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
        local spentMonth = tonumber(redis.call('HGET', KEYS[1], ARGV[3]) or '0')
        local heldDay, heldMonth = 0, 0
        local held = redis.call('HVALS', KEYS[3])
        for _, value in ipairs(held) do
          local day, month, amount = string.match(value, '(%S+) (%S+) (%S+)')
          if day == ARGV[2] then heldDay = heldDay + tonumber(amount) end
          if month == ARGV[3] then heldMonth = heldMonth + tonumber(amount) end
        end
        local amount = tonumber(ARGV[4])
        local dailyLimit, monthlyLimit = tonumber(ARGV[5]), tonumber(ARGV[6])
        if dailyLimit >= 0 and spentDay + heldDay + amount > dailyLimit then
          return {0, 'daily', tostring(spentDay), tostring(heldDay), tostring(dailyLimit)}
        end
        if monthlyLimit >= 0 and spentMonth + heldMonth + amount > monthlyLimit then
          return {0, 'monthly', tostring(spentMonth), tostring(heldMonth), tostring(monthlyLimit)}
        end
        redis.call('ZADD', KEYS[2], ARGV[8], ARGV[7])
        redis.call('HSET', KEYS[3], ARGV[7], ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. ARGV[4])
        return {1}
        """;

    // KEYS as above. ARGV: id, day, month, actual. Returns spent day, spent month.
    private const string SettleScript = """
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        local day = redis.call('HINCRBY', KEYS[1], ARGV[2], ARGV[4])
        local month = redis.call('HINCRBY', KEYS[1], ARGV[3], ARGV[4])
        return {tostring(day), tostring(month)}
        """;

    // KEYS as above. ARGV: now, day, month. Returns spent day, spent month, held day, held month.
    private const string StatusScript = """
        local spentDay = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
        local spentMonth = tonumber(redis.call('HGET', KEYS[1], ARGV[3]) or '0')
        local heldDay, heldMonth = 0, 0
        local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
        for _, id in ipairs(live) do
          local value = redis.call('HGET', KEYS[3], id)
          if value then
            local day, month, amount = string.match(value, '(%S+) (%S+) (%S+)')
            if day == ARGV[2] then heldDay = heldDay + tonumber(amount) end
            if month == ARGV[3] then heldMonth = heldMonth + tonumber(amount) end
          end
        end
        return {tostring(spentDay), tostring(spentMonth), tostring(heldDay), tostring(heldMonth)}
        """;

    private readonly RedisConnection _redis = redis ?? throw new ArgumentNullException(nameof(redis));

    /// <inheritdoc />
    public async Task<BudgetAdmission> TryReserveAsync(BudgetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.AmountUsd);
        var database = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        var id = Guid.NewGuid().ToString("N");
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(ReserveScript, Keys(request.Scope),
        [
            request.Now.ToUnixTimeMilliseconds(),
            BudgetPeriods.Day(request.Now),
            BudgetPeriods.Month(request.Now),
            BudgetPeriods.ToNanos(request.AmountUsd),
            request.DailyLimitUsd is { } day ? BudgetPeriods.ToNanos(day) : -1,
            request.MonthlyLimitUsd is { } month ? BudgetPeriods.ToNanos(month) : -1,
            id,
            (request.Now + BudgetPeriods.ReservationLifetime).ToUnixTimeMilliseconds(),
        ]).ConfigureAwait(false))!;
        if ((long)result[0] == 1)
        {
            return new BudgetAdmission(new BudgetReservation(id, request.Scope, request.AmountUsd), null);
        }

        return new BudgetAdmission(null, new BudgetExceededException(
            (string)result[1]!, Usd(result[2]), Usd(result[3]), request.AmountUsd, Usd(result[4])));
    }

    /// <inheritdoc />
    public async Task<BudgetStatus> SettleAsync(BudgetReservation reservation, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        var database = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(SettleScript, Keys(reservation.Scope),
            [reservation.Id, BudgetPeriods.Day(now), BudgetPeriods.Month(now), BudgetPeriods.ToNanos(actualUsd)]).ConfigureAwait(false);
        return await GetStatusAsync(reservation.Scope, now, CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BudgetStatus> GetStatusAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var database = await _redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(StatusScript, Keys(scope),
            [now.ToUnixTimeMilliseconds(), BudgetPeriods.Day(now), BudgetPeriods.Month(now)]).ConfigureAwait(false))!;
        return new BudgetStatus(Usd(result[0]), Usd(result[1]), Usd(result[2]), Usd(result[3]));
    }

    private RedisKey[] Keys(string scope) =>
        [$"{keyPrefix}{scope}:spend", $"{keyPrefix}{scope}:expiry", $"{keyPrefix}{scope}:held"];

    private static decimal Usd(RedisResult value) =>
        BudgetPeriods.ToUsd((long)double.Parse((string)value!, NumberStyles.Float, CultureInfo.InvariantCulture));
}
