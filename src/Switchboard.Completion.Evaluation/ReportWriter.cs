using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Switchboard.Completion.Evaluation;

/// <summary>Writes a report as Markdown (for people) and JSON (for scripts and comparisons).</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Indented = new(DatasetJsonContext.Default.Options) { WriteIndented = true };

    /// <summary>The report as indented JSON.</summary>
    public static string ToJson(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<EvaluationReport>)Indented.GetTypeInfo(typeof(EvaluationReport)));
    }

    /// <summary>The report as Markdown: summary tables, then the worst misses.</summary>
    public static string ToMarkdown(EvaluationReport report, int examples = 10)
    {
        ArgumentNullException.ThrowIfNull(report);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"# Completion evaluation: {report.Model}\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"Protocol {report.Protocol}, {report.CandidateCount} candidate(s) per case, dataset `{report.Dataset}`, started {report.StartedAt:u}.\n\n");
        builder.Append("| group | cases | exact match | exact match (any candidate) | edit similarity | syntax valid | p50 ms | p95 ms | tokens in/out | cost | empty | errors |\n");
        builder.Append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var group in new[] { report.Overall }.Concat(report.ByLanguage).Concat(report.ByKind))
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"| {group.Name} | {group.Cases} | {Percent(group.ExactMatch)} | {Percent(group.ExactMatchAny)} | {group.EditSimilarity:0.000} | {(group.SyntaxValid is { } valid ? Percent(valid) : "n/a")} ({group.SyntaxChecked}) | {group.LatencyP50Ms:0} | {group.LatencyP95Ms:0} | {group.InputTokens}/{group.OutputTokens} | {(group.CostUsd is { } cost ? "$" + cost.ToString("0.0000", CultureInfo.InvariantCulture) : "unpriced")} | {group.Empty} | {group.Errors} |\n");
        }

        var misses = report.Results.Where(r => !r.ExactMatch).OrderBy(r => r.EditSimilarity).Take(examples).ToList();
        if (misses.Count > 0)
        {
            builder.Append("\n## Furthest misses\n\n");
            foreach (var miss in misses)
            {
                builder.Append(CultureInfo.InvariantCulture, $"- `{miss.Id}` ({miss.Kind}, similarity {miss.EditSimilarity:0.00}): expected `{Inline(miss.Expected)}`, got {(miss.Error is { } error ? "error: " + error : miss.Predicted is null ? "nothing" : "`" + Inline(miss.Predicted) + "`")}\n");
            }
        }

        return builder.ToString();
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Inline(string text)
    {
        var flat = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "⏎", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return flat.Length > 80 ? flat[..80] + "…" : flat;
    }
}
