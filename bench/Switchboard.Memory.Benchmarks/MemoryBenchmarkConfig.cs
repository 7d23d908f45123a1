using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Switchboard.Memory.Benchmarks;

/// <summary>
/// In-process runs (no generated project to build: on a busy 2-core machine that build alone exceeded
/// BenchmarkDotNet's two-minute limit), 3 warm-up and 15 measured iterations.
/// </summary>
public sealed class MemoryBenchmarkConfig : ManualConfig
{
    public MemoryBenchmarkConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
    }
}
