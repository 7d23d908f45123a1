using Microsoft.Extensions.AI;
using Switchboard.Catalog;

namespace Switchboard.Core.Catalog;

/// <summary>Turns a call's token usage into dollars with the catalog's prices.</summary>
public static class CostCalculator
{
    /// <summary>The <see cref="CallCost.UnpricedReason"/> of a priced model whose call reported no usage.</summary>
    public const string NoUsageReason = "the provider reported no token usage";

    private const decimal TokensPerPriceUnit = 1_000_000m;

    /// <summary>
    /// Prices a call. Usage follows Switchboard's convention: <c>InputTokenCount</c> includes cached reads and
    /// cache writes, <c>OutputTokenCount</c> includes reasoning tokens (providers bill reasoning as output).
    /// </summary>
    public static CallCost Calculate(ModelInfo? model, UsageDetails? usage)
    {
        if (model is null)
        {
            return CallCost.Unpriced("the model is not in the catalog");
        }

        if (model.Free)
        {
            return new CallCost { TotalUsd = 0m };
        }

        if (model.Pricing is not { } pricing)
        {
            return CallCost.Unpriced($"the catalog has no price for {model.Id}");
        }

        if (usage is null)
        {
            return CallCost.Unpriced(NoUsageReason);
        }

        var input = usage.InputTokenCount ?? 0;
        var cached = Math.Min(usage.CachedInputTokenCount ?? 0, input);
        var cacheWrites = usage.AdditionalCounts?.TryGetValue(SwitchboardProperties.CacheCreationInputTokens, out var writes) == true ? Math.Min(writes, input - cached) : 0;
        var uncached = input - cached - cacheWrites;
        var output = usage.OutputTokenCount ?? 0;

        // Gemini 2.5 Pro style tiers: past the threshold the whole call is billed at the higher rates.
        decimal inputPrice = pricing.Input, outputPrice = pricing.Output;
        decimal? cachedPrice = pricing.CachedInput;
        if (pricing.LongContext is { } tier && input > tier.ThresholdTokens)
        {
            inputPrice = tier.Input;
            outputPrice = tier.Output;
            cachedPrice = tier.CachedInput ?? cachedPrice;
        }

        var cost = new CallCost
        {
            UncachedInputUsd = Price(uncached, inputPrice),
            CachedInputUsd = Price(cached, cachedPrice ?? inputPrice),
            CacheWriteUsd = Price(cacheWrites, pricing.CacheWrite ?? inputPrice),
            OutputUsd = Price(output, outputPrice),
        };
        return cost with { TotalUsd = cost.UncachedInputUsd + cost.CachedInputUsd + cost.CacheWriteUsd + cost.OutputUsd };
    }

    private static decimal Price(long tokens, decimal pricePerMillion) => tokens * pricePerMillion / TokensPerPriceUnit;
}
