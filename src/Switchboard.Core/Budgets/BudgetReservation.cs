namespace Switchboard.Core.Budgets;

/// <summary>Money held for a request in flight until its real cost is known.</summary>
/// <param name="Id">The reservation's id in the store.</param>
/// <param name="Scope">Whose budget it is held against.</param>
/// <param name="AmountUsd">The amount held.</param>
public sealed record BudgetReservation(string Id, string Scope, decimal AmountUsd);
