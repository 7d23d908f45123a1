using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Switchboard.Benchmarks;

/// <summary>The size and event count of the stream a benchmark reads, so per-event figures can be scaled back.</summary>
public sealed class StreamSizeColumn : IColumn
{
    public string Id => nameof(StreamSizeColumn);

    public string ColumnName => "Stream";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Bytes and events of the enlarged fixture stream the benchmark reads";

    /// <summary>The stream named by the benchmark's category (see <see cref="StreamFixtures.ForCategory"/>).</summary>
    public static EnlargedStream? StreamOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Categories.Select(StreamFixtures.ForCategory).FirstOrDefault(s => s is not null);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        StreamOf(benchmarkCase) is { } stream
            ? string.Create(CultureInfo.InvariantCulture, $"{stream.Bytes.Length / 1e6:0.00} MB / {stream.EventCount} ev")
            : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}
