using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

/// <summary>How conversations are kept inside the model's context window (<c>"context": {...}</c>).</summary>
public sealed class ContextSettings
{
    /// <summary>Whether requests are measured and compacted; on by default.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Compaction starts when a request would use more than this share of the window.</summary>
    [JsonPropertyName("auto_compact_at")]
    public double AutoCompactAt { get; set; } = 0.8;

    /// <summary>The most recent turns, up to this many tokens, are always sent verbatim; null for a quarter of the threshold.</summary>
    [JsonPropertyName("keep_recent_tokens")]
    public long? KeepRecentTokens { get; set; }

    /// <summary>The model (<c>provider/model</c> or a route) that summarizes older turns; null for the cheapest model of the same provider.</summary>
    [JsonPropertyName("summary_model")]
    public string? SummaryModel { get; set; }
}
