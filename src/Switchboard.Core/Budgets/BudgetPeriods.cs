using System.Globalization;

namespace Switchboard.Core.Budgets;

/// <summary>The UTC day and month a moment falls in, as the keys budgets are stored under, and how amounts are stored (for every store).</summary>
public static class BudgetPeriods
{
    /// <summary>How long a reservation outlives a process that died holding it: longer than any provider call.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Nano-dollars per dollar: budget amounts are stored as integers so sums are exact.</summary>
    public const decimal NanosPerUsd = 1_000_000_000m;

    public static string Day(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    public static long ToNanos(decimal usd) => (long)decimal.Round(usd * NanosPerUsd, MidpointRounding.AwayFromZero);

    public static decimal ToUsd(long nanos) => nanos / NanosPerUsd;
}
