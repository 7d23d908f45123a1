using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Budgets;

/// <summary>
/// Budgets in the shared SQLite database, so every process on the machine sees one budget. Each check-and-reserve
/// runs in a <c>BEGIN IMMEDIATE</c> transaction; spend per scope and period is a counter that settlement adds to,
/// seeded, the first time a period is seen, from what the usage ledger already recorded for it (scope
/// <see cref="GlobalScope"/>). A reservation left by a process that died expires after a while.
/// </summary>
public sealed class SqliteBudgetStore(SwitchboardDatabase database) : IBudgetStore
{
    /// <summary>The scope of a machine's own budget (the config file's <c>budget</c>).</summary>
    public const string GlobalScope = "global";

    private const string LedgerTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private readonly SwitchboardDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public Task<BudgetAdmission> TryReserveAsync(BudgetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.AmountUsd);
        return _database.WriteAsync(async (connection, transaction) =>
        {
            var status = await ReadStatusAsync(connection, transaction, request.Scope, request.Now).ConfigureAwait(false);
            var refusal = Check("daily", request.DailyLimitUsd, status.SpentToday, status.ReservedToday, request.AmountUsd)
                ?? Check("monthly", request.MonthlyLimitUsd, status.SpentThisMonth, status.ReservedThisMonth, request.AmountUsd);
            if (refusal is not null)
            {
                return new BudgetAdmission(null, refusal);
            }

            var reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), request.Scope, request.AmountUsd);
            await connection.ExecuteAsync(
                "INSERT INTO budget_reservations (id, scope, day, month, amount_nanos, expires_at_ms) VALUES (@Id, @Scope, @Day, @Month, @Amount, @Expires)",
                new
                {
                    reservation.Id,
                    reservation.Scope,
                    Day = BudgetPeriods.Day(request.Now),
                    Month = BudgetPeriods.Month(request.Now),
                    Amount = BudgetPeriods.ToNanos(request.AmountUsd),
                    Expires = (request.Now + BudgetPeriods.ReservationLifetime).ToUnixTimeMilliseconds(),
                },
                transaction).ConfigureAwait(false);
            return new BudgetAdmission(reservation, null);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BudgetStatus> SettleAsync(BudgetReservation reservation, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        return _database.WriteAsync(async (connection, transaction) =>
        {
            // One transaction: the moment the hold disappears, the real cost is counted instead.
            await connection.ExecuteAsync("DELETE FROM budget_reservations WHERE id = @Id", new { reservation.Id }, transaction).ConfigureAwait(false);
            var nanos = BudgetPeriods.ToNanos(actualUsd);
            foreach (var (period, start) in new[] { (BudgetPeriods.Day(now), BudgetPeriods.DayStart(now)), (BudgetPeriods.Month(now), BudgetPeriods.MonthStart(now)) })
            {
                await EnsureSpendRowAsync(connection, transaction, reservation.Scope, period, start).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    "UPDATE budget_spend SET spent_nanos = spent_nanos + @Nanos WHERE scope = @Scope AND period = @Period",
                    new { Nanos = nanos, reservation.Scope, Period = period },
                    transaction).ConfigureAwait(false);
            }

            return await ReadStatusAsync(connection, transaction, reservation.Scope, now).ConfigureAwait(false);
        }, CancellationToken.None);
    }

    /// <inheritdoc />
    public Task<BudgetStatus> GetStatusAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return _database.WriteAsync((connection, transaction) => ReadStatusAsync(connection, transaction, scope, now), cancellationToken);
    }

    private static BudgetExceededException? Check(string period, decimal? limit, decimal spent, decimal reserved, decimal request) =>
        limit is { } max && spent + reserved + request > max ? new BudgetExceededException(period, spent, reserved, request, max) : null;

    private static async Task<BudgetStatus> ReadStatusAsync(SqliteConnection connection, SqliteTransaction transaction, string scope, DateTimeOffset now)
    {
        await connection.ExecuteAsync("DELETE FROM budget_reservations WHERE expires_at_ms <= @Now", new { Now = now.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
        var day = BudgetPeriods.Day(now);
        var month = BudgetPeriods.Month(now);
        var spentDay = await EnsureSpendRowAsync(connection, transaction, scope, day, BudgetPeriods.DayStart(now)).ConfigureAwait(false);
        var spentMonth = await EnsureSpendRowAsync(connection, transaction, scope, month, BudgetPeriods.MonthStart(now)).ConfigureAwait(false);
        var reservedDay = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(amount_nanos), 0) FROM budget_reservations WHERE scope = @Scope AND day = @Day", new { Scope = scope, Day = day }, transaction).ConfigureAwait(false);
        var reservedMonth = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(amount_nanos), 0) FROM budget_reservations WHERE scope = @Scope AND month = @Month", new { Scope = scope, Month = month }, transaction).ConfigureAwait(false);
        return new BudgetStatus(BudgetPeriods.ToUsd(spentDay), BudgetPeriods.ToUsd(spentMonth), BudgetPeriods.ToUsd(reservedDay), BudgetPeriods.ToUsd(reservedMonth));
    }

    /// <summary>The period's spend, creating its row the first time: the machine's budget starts from what the ledger holds.</summary>
    private static async Task<long> EnsureSpendRowAsync(SqliteConnection connection, SqliteTransaction transaction, string scope, string period, DateTimeOffset start)
    {
        var spent = await connection.ExecuteScalarAsync<long?>(
            "SELECT spent_nanos FROM budget_spend WHERE scope = @Scope AND period = @Period", new { Scope = scope, Period = period }, transaction).ConfigureAwait(false);
        if (spent is { } known)
        {
            return known;
        }

        long seed = 0;
        if (scope == GlobalScope)
        {
            var ledger = await connection.ExecuteScalarAsync<double>(
                "SELECT total(cost_usd) FROM usage WHERE priced = 1 AND timestamp >= @Since",
                new { Since = start.UtcDateTime.ToString(LedgerTimestampFormat, CultureInfo.InvariantCulture) },
                transaction).ConfigureAwait(false);
            seed = BudgetPeriods.ToNanos((decimal)ledger);
        }

        await connection.ExecuteAsync(
            "INSERT INTO budget_spend (scope, period, spent_nanos) VALUES (@Scope, @Period, @Seed)", new { Scope = scope, Period = period, Seed = seed }, transaction).ConfigureAwait(false);
        return seed;
    }
}
