namespace Switchboard.Core.Budgets;

/// <summary>A request was refused because its possible cost does not fit what is left of a budget.</summary>
public sealed class BudgetExceededException(string period, decimal spentUsd, decimal reservedUsd, decimal requestUsd, decimal limitUsd)
    : Exception($"The {period} budget of ${limitUsd:0.##} would be exceeded: ${spentUsd:0.####} spent, ${reservedUsd:0.####} held by requests in flight, and this request may cost up to ${requestUsd:0.####}. Raise the limit or set a cheaper \"fallback_model\" in the budget config.")
{
    public string Period { get; } = period;

    public decimal LimitUsd { get; } = limitUsd;
}
