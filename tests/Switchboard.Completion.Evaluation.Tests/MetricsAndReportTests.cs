using System.Text.Json;
using Xunit;

namespace Switchboard.Completion.Evaluation.Tests;

public sealed class MetricsAndReportTests
{
    [Fact]
    public void Exact_match_ignores_trailing_whitespace_only()
    {
        Assert.True(TextMetrics.ExactMatch("return x;\n", "return x;"));
        Assert.False(TextMetrics.ExactMatch(" return x;", "return x;"));
    }

    [Theory]
    [InlineData("kitten", "sitting", 1 - (3.0 / 7))]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("", "abcd", 0.0)]
    [InlineData("", "", 1.0)]
    public void Edit_similarity_is_one_minus_normalised_levenshtein(string predicted, string expected, double similarity) =>
        Assert.Equal(similarity, TextMetrics.EditSimilarity(predicted, expected), 6);

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        Assert.Equal(50, TextMetrics.Percentile(sorted, 50));
        Assert.Equal(95, TextMetrics.Percentile(sorted, 95));
        Assert.Equal(0, TextMetrics.Percentile([], 50));
    }

    [Fact]
    public void A_group_with_an_unpriced_case_has_no_total_cost()
    {
        CaseResult Result(decimal? cost) => new() { Id = "x", Language = "python", Kind = "line", Expected = "a", Predicted = "a", ExactMatch = true, CostUsd = cost };
        Assert.Null(GroupSummary.Of("all", [Result(0.001m), Result(null)]).CostUsd);
        Assert.Equal(0.002m, GroupSummary.Of("all", [Result(0.001m), Result(0.001m)]).CostUsd);
    }

    [Fact]
    public void Reports_render_as_markdown_tables_and_round_trip_as_json()
    {
        var results = new List<CaseResult>
        {
            new() { Id = "a", Language = "python", Kind = "line", Expected = "x = 1", Predicted = "x = 1", ExactMatch = true, ExactMatchAny = true, EditSimilarity = 1, LatencyMs = 10 },
            new() { Id = "b", Language = "csharp", Kind = "block", Expected = "return y;", Predicted = "return z;", EditSimilarity = 0.9, LatencyMs = 30, SyntaxValid = true },
        };
        var report = new EvaluationReport
        {
            Model = "local/stories260K",
            Protocol = "FillInTheMiddle",
            Dataset = "eval/completion",
            CandidateCount = 1,
            Overall = GroupSummary.Of("all", results),
            ByLanguage = [GroupSummary.Of("csharp", [results[1]]), GroupSummary.Of("python", [results[0]])],
            ByKind = [GroupSummary.Of("block", [results[1]]), GroupSummary.Of("line", [results[0]])],
            Results = results,
        };

        var markdown = ReportWriter.ToMarkdown(report);
        Assert.Contains("| all | 2 | 50.0% |", markdown);
        Assert.Contains("`b` (block, similarity 0.90): expected `return y;`, got `return z;`", markdown);

        using var json = JsonDocument.Parse(ReportWriter.ToJson(report));
        Assert.Equal(0.5, json.RootElement.GetProperty("overall").GetProperty("exact_match").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("results").GetArrayLength());
    }
}
