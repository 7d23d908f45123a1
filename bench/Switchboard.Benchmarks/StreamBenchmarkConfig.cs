using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Switchboard.Benchmarks;

/// <summary>Adds the stream's size and the MB/s it was read at to every stream benchmark's table.</summary>
public sealed class StreamBenchmarkConfig : ManualConfig
{
    public StreamBenchmarkConfig()
    {
        AddColumn(CategoriesColumn.Default, new StreamSizeColumn(), new ThroughputColumn());
    }
}
