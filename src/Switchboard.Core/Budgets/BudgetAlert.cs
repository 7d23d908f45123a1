namespace Switchboard.Core.Budgets;

/// <summary>Spending crossed the alert threshold of a limit.</summary>
/// <param name="Period"><c>daily</c> or <c>monthly</c>.</param>
/// <param name="SpentUsd">Spend in the period so far.</param>
/// <param name="LimitUsd">The period's limit.</param>
public sealed record BudgetAlert(string Period, decimal SpentUsd, decimal LimitUsd)
{
    public override string ToString() =>
        $"{Period} spend is ${SpentUsd:0.####} of the ${LimitUsd:0.##} limit ({SpentUsd / LimitUsd:P0}).";
}
