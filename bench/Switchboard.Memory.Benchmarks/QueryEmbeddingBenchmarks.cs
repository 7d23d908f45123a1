using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Local;

namespace Switchboard.Memory.Benchmarks;

/// <summary>What a search adds before it starts: embedding the query with the offline model (local/all-MiniLM-L6-v2).</summary>
[MemoryDiagnoser]
[Config(typeof(MemoryBenchmarkConfig))]
public class QueryEmbeddingBenchmarks
{
    private LocalEmbeddingGenerator _generator = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _generator = new LocalEmbeddingGenerator();
        await _generator.GenerateAsync(["load the model"]);
    }

    [GlobalCleanup]
    public void Cleanup() => _generator.Dispose();

    [Benchmark(Description = "Embed a 6-word query (local/all-MiniLM-L6-v2)")]
    public Task<GeneratedEmbeddings<Embedding<float>>> EmbedQuery() =>
        _generator.GenerateAsync(["where is the billing service deployed"]);
}
