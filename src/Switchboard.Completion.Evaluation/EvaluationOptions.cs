using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;

namespace Switchboard.Completion.Evaluation;

/// <summary>How an evaluation runs.</summary>
public sealed class EvaluationOptions
{
    /// <summary>The model's name for the report (<c>ollama/qwen2.5-coder:1.5b</c>).</summary>
    [Required]
    public string ModelName { get; set; } = "model";

    /// <summary>Candidates asked per case; the top one is scored, all count for top-k exact match.</summary>
    [Range(1, 10)]
    public int CandidateCount { get; set; } = 1;

    /// <summary>Evaluate at most this many cases (spread evenly over the dataset); all when null.</summary>
    [Range(1, int.MaxValue)]
    public int? MaxCases { get; set; }

    /// <summary>Only these languages; all when empty.</summary>
    public IReadOnlyList<string> Languages { get; set; } = [];

    /// <summary>Only these kinds; all when empty.</summary>
    public IReadOnlyList<string> Kinds { get; set; } = [];

    /// <summary>A case that takes longer is recorded as a timeout error.</summary>
    public TimeSpan CaseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Prices a case's usage in USD; null for an unpriced model (reported as unpriced, never as 0).</summary>
    public Func<UsageDetails, decimal?>? Price { get; set; }
}
