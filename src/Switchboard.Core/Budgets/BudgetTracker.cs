using Switchboard.Configuration;
namespace Switchboard.Core.Budgets;

/// <summary>
/// Day and month spend against the limits, safe under concurrency: a request first reserves its worst-case cost,
/// and is admitted only if spent + reserved + that cost fits every limit; when it ends, the reservation is
/// replaced by the real cost. Racing requests therefore cannot overspend beyond their own estimates.
/// </summary>
public sealed class BudgetTracker
{
    private readonly BudgetSettings _settings;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private DateOnly _day;
    private (int Year, int Month) _month;
    private decimal _spentToday;
    private decimal _spentThisMonth;
    private decimal _reservedToday;
    private decimal _reservedThisMonth;
    private bool _dailyAlerted;
    private bool _monthlyAlerted;

    /// <param name="settings">The limits.</param>
    /// <param name="spentToday">What the ledger already holds for today (UTC).</param>
    /// <param name="spentThisMonth">What the ledger already holds for this month (UTC).</param>
    /// <param name="timeProvider">The clock that decides when a day or month rolls over.</param>
    public BudgetTracker(BudgetSettings settings, decimal spentToday = 0, decimal spentThisMonth = 0, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        (_day, _month) = Now();
        _spentToday = spentToday;
        _spentThisMonth = spentThisMonth;
    }

    /// <summary>Raised, once per period, when spend crosses <see cref="BudgetSettings.AlertAt"/> of a limit.</summary>
    public event EventHandler<BudgetAlert>? Alert;

    public decimal SpentToday
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _spentToday;
            }
        }
    }

    public decimal SpentThisMonth
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _spentThisMonth;
            }
        }
    }

    /// <summary>Holds <paramref name="worstCaseUsd"/> if it fits every limit; otherwise says which limit it breaks.</summary>
    public bool TryReserve(decimal worstCaseUsd, out BudgetReservation? reservation, out BudgetExceededException? refusal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worstCaseUsd);
        lock (_lock)
        {
            Roll();
            refusal = Check("daily", _settings.DailyUsd, _spentToday, _reservedToday, worstCaseUsd)
                ?? Check("monthly", _settings.MonthlyUsd, _spentThisMonth, _reservedThisMonth, worstCaseUsd);
            if (refusal is not null)
            {
                reservation = null;
                return false;
            }

            _reservedToday += worstCaseUsd;
            _reservedThisMonth += worstCaseUsd;
            reservation = new BudgetReservation(worstCaseUsd, _day, _month);
            return true;
        }
    }

    /// <summary>Releases the reservation and books the real cost (null: unknown, the reservation is booked instead).</summary>
    public void Settle(BudgetReservation reservation, decimal? actualUsd)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var alerts = new List<BudgetAlert>(2);
        lock (_lock)
        {
            if (reservation.Settled)
            {
                return;
            }

            reservation.Settled = true;
            Roll();
            var cost = actualUsd ?? reservation.Amount;
            if (reservation.Day == _day)
            {
                _reservedToday -= reservation.Amount;
            }

            if (reservation.Month == _month)
            {
                _reservedThisMonth -= reservation.Amount;
            }

            // Cost lands in the current period even if the call started just before midnight.
            _spentToday += cost;
            _spentThisMonth += cost;
            if (!_dailyAlerted && _settings.DailyUsd is { } day && _spentToday >= day * (decimal)_settings.AlertAt)
            {
                _dailyAlerted = true;
                alerts.Add(new BudgetAlert("daily", _spentToday, day));
            }

            if (!_monthlyAlerted && _settings.MonthlyUsd is { } month && _spentThisMonth >= month * (decimal)_settings.AlertAt)
            {
                _monthlyAlerted = true;
                alerts.Add(new BudgetAlert("monthly", _spentThisMonth, month));
            }
        }

        // Handlers run outside the lock so they may call back into the tracker.
        foreach (var alert in alerts)
        {
            Alert?.Invoke(this, alert);
        }
    }

    private static BudgetExceededException? Check(string period, decimal? limit, decimal spent, decimal reserved, decimal request) =>
        limit is { } max && spent + reserved + request > max ? new BudgetExceededException(period, spent, reserved, request, max) : null;

    private (DateOnly Day, (int, int) Month) Now()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return (DateOnly.FromDateTime(now), (now.Year, now.Month));
    }

    private void Roll()
    {
        var (day, month) = Now();
        if (day != _day)
        {
            _day = day;
            _spentToday = 0;
            _reservedToday = 0;
            _dailyAlerted = false;
        }

        if (month != _month)
        {
            _month = month;
            _spentThisMonth = 0;
            _reservedThisMonth = 0;
            _monthlyAlerted = false;
        }
    }
}
