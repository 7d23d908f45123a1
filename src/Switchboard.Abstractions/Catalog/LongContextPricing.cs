using System.Text.Json.Serialization;

namespace Switchboard.Catalog;

/// <summary>Prices per 1M tokens for prompts above <see cref="ThresholdTokens"/>.</summary>
public sealed record LongContextPricing
{
    [JsonPropertyName("threshold_tokens")]
    public long ThresholdTokens { get; init; }

    [JsonPropertyName("input")]
    public decimal Input { get; init; }

    [JsonPropertyName("output")]
    public decimal Output { get; init; }

    [JsonPropertyName("cached_input")]
    public decimal? CachedInput { get; init; }
}
