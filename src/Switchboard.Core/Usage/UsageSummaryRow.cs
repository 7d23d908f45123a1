namespace Switchboard.Core.Usage;

/// <summary>Totals for one group (a day, a model or a provider).</summary>
public sealed record UsageSummaryRow
{
    public required string Key { get; init; }

    public long Calls { get; init; }

    public long FailedCalls { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CachedInputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    /// <summary>Sum over priced calls only.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Calls whose cost is unknown; when non-zero, <see cref="CostUsd"/> is a lower bound.</summary>
    public long UnpricedCalls { get; init; }
}
