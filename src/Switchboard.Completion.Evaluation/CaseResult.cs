using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>How one case went.</summary>
public sealed record CaseResult
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("language")]
    public required string Language { get; init; }

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("expected")]
    public required string Expected { get; init; }

    /// <summary>The top-ranked candidate; null when the model offered nothing usable or failed.</summary>
    [JsonPropertyName("predicted")]
    public string? Predicted { get; init; }

    [JsonPropertyName("exact_match")]
    public bool ExactMatch { get; init; }

    /// <summary>Whether any returned candidate matched exactly (top-k exact match).</summary>
    [JsonPropertyName("exact_match_any")]
    public bool ExactMatchAny { get; init; }

    [JsonPropertyName("edit_similarity")]
    public double EditSimilarity { get; init; }

    /// <summary>Whether the file with the prediction inserted is well-formed; null when the original file is not (by the same check).</summary>
    [JsonPropertyName("syntax_valid")]
    public bool? SyntaxValid { get; init; }

    [JsonPropertyName("latency_ms")]
    public double LatencyMs { get; init; }

    [JsonPropertyName("input_tokens")]
    public long? InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public long? OutputTokens { get; init; }

    /// <summary>The cost in USD; null when the model is unpriced (never reported as 0).</summary>
    [JsonPropertyName("cost_usd")]
    public decimal? CostUsd { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
