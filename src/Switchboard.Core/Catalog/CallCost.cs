namespace Switchboard.Core.Catalog;

/// <summary>
/// What one provider call cost, in USD. <see cref="TotalUsd"/> is null when the model has no known price:
/// an unpriced call is reported as such, never as $0.
/// </summary>
public sealed record CallCost
{
    public decimal? TotalUsd { get; init; }

    public decimal UncachedInputUsd { get; init; }

    public decimal CachedInputUsd { get; init; }

    public decimal CacheWriteUsd { get; init; }

    public decimal OutputUsd { get; init; }

    /// <summary>Why the call has no price, when it has none.</summary>
    public string? UnpricedReason { get; init; }

    public bool IsPriced => TotalUsd is not null;

    public static CallCost Unpriced(string reason) => new() { UnpricedReason = reason };
}
