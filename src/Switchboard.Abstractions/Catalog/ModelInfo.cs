using System.Text.Json.Serialization;

namespace Switchboard.Catalog;

/// <summary>One catalog entry: limits, prices and capabilities of a <c>provider/model</c>.</summary>
public sealed record ModelInfo
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("aliases")]
    public IReadOnlyList<string> Aliases { get; set; } = [];

    [JsonPropertyName("context_window")]
    public long? ContextWindow { get; init; }

    [JsonPropertyName("max_output_tokens")]
    public long? MaxOutputTokens { get; init; }

    /// <summary>Null when the price is not known: such a model is reported as unpriced, never as free.</summary>
    [JsonPropertyName("pricing")]
    public ModelPricing? Pricing { get; init; }

    /// <summary>True for models that cost nothing per token (local and Ollama models).</summary>
    [JsonPropertyName("free")]
    public bool Free { get; init; }

    [JsonPropertyName("capabilities")]
    public ModelCapabilities Capabilities { get; set; } = new();

    /// <summary>Where the facts come from.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("notes")]
    public string? Notes { get; init; }
}
