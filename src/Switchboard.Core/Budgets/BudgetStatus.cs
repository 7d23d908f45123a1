namespace Switchboard.Core.Budgets;

/// <summary>A scope's spend and the amounts held by requests in flight, for the current day and month.</summary>
public sealed record BudgetStatus(decimal SpentToday, decimal SpentThisMonth, decimal ReservedToday, decimal ReservedThisMonth);
