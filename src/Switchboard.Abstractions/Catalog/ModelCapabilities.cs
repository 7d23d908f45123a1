using System.Text.Json.Serialization;

namespace Switchboard.Catalog;

/// <summary>What a model can do, so requests it cannot serve fail before they are sent. Null means not known.</summary>
public sealed record ModelCapabilities
{
    [JsonPropertyName("tools")]
    public bool? Tools { get; init; }

    [JsonPropertyName("vision")]
    public bool? Vision { get; init; }

    [JsonPropertyName("reasoning")]
    public bool? Reasoning { get; init; }

    /// <summary>Fill-in-the-middle code completion.</summary>
    [JsonPropertyName("fim")]
    public bool? Fim { get; init; }

    [JsonPropertyName("prompt_caching")]
    public bool? PromptCaching { get; init; }
}
