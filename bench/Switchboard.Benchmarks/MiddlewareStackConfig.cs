using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Switchboard.Benchmarks;

/// <summary>
/// One table per call shape (streaming, non-streaming), each with its own bare-client baseline, and the time the
/// stack adds next to the ratio.
/// </summary>
public sealed class MiddlewareStackConfig : ManualConfig
{
    public MiddlewareStackConfig()
    {
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddColumn(CategoriesColumn.Default, new AddedLatencyColumn());
    }
}
