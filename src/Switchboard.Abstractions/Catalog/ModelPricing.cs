using System.Text.Json.Serialization;

namespace Switchboard.Catalog;

/// <summary>Prices in USD per 1M tokens. A null cached or cache-write price means the provider charges the input price.</summary>
public sealed record ModelPricing
{
    [JsonPropertyName("input")]
    public decimal Input { get; init; }

    [JsonPropertyName("output")]
    public decimal Output { get; init; }

    /// <summary>Price of input tokens read from the provider's prompt cache.</summary>
    [JsonPropertyName("cached_input")]
    public decimal? CachedInput { get; init; }

    /// <summary>Price of input tokens written to the prompt cache (Anthropic's 5-minute cache write).</summary>
    [JsonPropertyName("cache_write")]
    public decimal? CacheWrite { get; init; }

    /// <summary>Higher prices that apply to the whole call when the prompt is longer than a threshold (Gemini 2.5 Pro).</summary>
    [JsonPropertyName("long_context")]
    public LongContextPricing? LongContext { get; init; }
}
