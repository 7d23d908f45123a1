using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Switchboard.Benchmarks;

/// <summary>
/// What a benchmark adds to its category's baseline, in microseconds per call (mean - baseline mean): the Ratio
/// column says how much slower, this one says how much time that is, which is what compares with network latency.
/// </summary>
public sealed class AddedLatencyColumn : IColumn
{
    public string Id => nameof(AddedLatencyColumn);

    public string ColumnName => "Added";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean minus the mean of the baseline in the same category, in microseconds per call";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var current = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Mean;
        if (current is null || reference is null)
        {
            return "?";
        }

        return summary.IsBaseline(benchmarkCase)
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{(current.Value - reference.Value) / 1e3:+0.0;-0.0} us");
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}
