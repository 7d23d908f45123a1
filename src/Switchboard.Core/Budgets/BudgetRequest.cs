namespace Switchboard.Core.Budgets;

/// <summary>A request's worst-case cost, to be held against a scope's limits.</summary>
/// <param name="Scope">Whose budget: <c>global</c> for a machine's user, a gateway key's id for that key.</param>
/// <param name="AmountUsd">The most the request can cost.</param>
/// <param name="DailyLimitUsd">The limit per UTC day, if any.</param>
/// <param name="MonthlyLimitUsd">The limit per UTC month, if any.</param>
/// <param name="Now">The time that decides the day and month.</param>
public sealed record BudgetRequest(string Scope, decimal AmountUsd, decimal? DailyLimitUsd, decimal? MonthlyLimitUsd, DateTimeOffset Now);
