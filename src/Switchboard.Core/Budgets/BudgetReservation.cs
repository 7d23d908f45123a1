namespace Switchboard.Core.Budgets;

/// <summary>Money held for a request in flight until its real cost is known.</summary>
public sealed class BudgetReservation
{
    internal BudgetReservation(decimal amount, DateOnly day, (int Year, int Month) month)
    {
        Amount = amount;
        Day = day;
        Month = month;
    }

    public decimal Amount { get; }

    internal DateOnly Day { get; }

    internal (int Year, int Month) Month { get; }

    internal bool Settled { get; set; }
}
