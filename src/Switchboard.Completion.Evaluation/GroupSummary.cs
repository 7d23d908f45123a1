using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>The figures of a group of cases (all, one language, one kind).</summary>
public sealed record GroupSummary
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("cases")]
    public int Cases { get; init; }

    [JsonPropertyName("exact_match")]
    public double ExactMatch { get; init; }

    [JsonPropertyName("exact_match_any")]
    public double ExactMatchAny { get; init; }

    [JsonPropertyName("edit_similarity")]
    public double EditSimilarity { get; init; }

    /// <summary>The share of checkable cases whose file stays well-formed with the prediction; null when none was checkable.</summary>
    [JsonPropertyName("syntax_valid")]
    public double? SyntaxValid { get; init; }

    [JsonPropertyName("syntax_checked")]
    public int SyntaxChecked { get; init; }

    [JsonPropertyName("latency_p50_ms")]
    public double LatencyP50Ms { get; init; }

    [JsonPropertyName("latency_p95_ms")]
    public double LatencyP95Ms { get; init; }

    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; init; }

    /// <summary>Total cost in USD; null when any case was unpriced.</summary>
    [JsonPropertyName("cost_usd")]
    public decimal? CostUsd { get; init; }

    [JsonPropertyName("empty")]
    public int Empty { get; init; }

    [JsonPropertyName("errors")]
    public int Errors { get; init; }

    /// <summary>Summarises <paramref name="results"/> under <paramref name="name"/>.</summary>
    public static GroupSummary Of(string name, IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var count = Math.Max(1, results.Count);
        var latencies = results.Select(r => r.LatencyMs).Order().ToList();
        var checkedCases = results.Where(r => r.SyntaxValid is not null).ToList();
        return new GroupSummary
        {
            Name = name,
            Cases = results.Count,
            ExactMatch = (double)results.Count(r => r.ExactMatch) / count,
            ExactMatchAny = (double)results.Count(r => r.ExactMatchAny) / count,
            EditSimilarity = results.Count == 0 ? 0 : results.Average(r => r.EditSimilarity),
            SyntaxValid = checkedCases.Count == 0 ? null : (double)checkedCases.Count(r => r.SyntaxValid == true) / checkedCases.Count,
            SyntaxChecked = checkedCases.Count,
            LatencyP50Ms = TextMetrics.Percentile(latencies, 50),
            LatencyP95Ms = TextMetrics.Percentile(latencies, 95),
            InputTokens = results.Sum(r => r.InputTokens ?? 0),
            OutputTokens = results.Sum(r => r.OutputTokens ?? 0),
            CostUsd = results.Any(r => r.CostUsd is null && r.Error is null) ? null : results.Sum(r => r.CostUsd ?? 0),
            Empty = results.Count(r => r.Predicted is null && r.Error is null),
            Errors = results.Count(r => r.Error is not null),
        };
    }
}
