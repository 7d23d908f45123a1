using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>The result of one evaluation run.</summary>
public sealed record EvaluationReport
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("protocol")]
    public required string Protocol { get; init; }

    [JsonPropertyName("dataset")]
    public required string Dataset { get; init; }

    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("candidates")]
    public int CandidateCount { get; init; }

    [JsonPropertyName("overall")]
    public required GroupSummary Overall { get; init; }

    [JsonPropertyName("by_language")]
    public required IReadOnlyList<GroupSummary> ByLanguage { get; init; }

    [JsonPropertyName("by_kind")]
    public required IReadOnlyList<GroupSummary> ByKind { get; init; }

    [JsonPropertyName("results")]
    public required IReadOnlyList<CaseResult> Results { get; init; }
}
