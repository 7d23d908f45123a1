using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Switchboard.Memory.Benchmarks;

/// <summary>
/// Search over 100,000 memories through <see cref="MemoryStore.SearchAsync(string, MemorySearchOptions, CancellationToken)"/>,
/// limit 10, 8 queries in turn. The query vector comes from <see cref="RandomUnitEmbeddingGenerator"/> (about a
/// microsecond), so these rows are search alone; embedding a query with the real model is
/// <see cref="QueryEmbeddingBenchmarks"/>. Baseline: BM25 alone (one FTS5 query).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(MemoryBenchmarkConfig))]
public class MemorySearchBenchmarks
{
    private readonly string[] _queries = SyntheticMemories.Queries(8);
    private MemoryStore _store = null!;
    private int _next;

    [Params(100_000)]
    public int Memories { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = await SyntheticMemories.EnsureAsync(Memories);
        _store = await MemoryStore.OpenAsync(new MemoryStoreOptions { DatabasePath = path }, new RandomUnitEmbeddingGenerator());
        var stats = await _store.GetStatsAsync();
        if (stats.Memories != Memories || stats.CurrentVectors != Memories)
        {
            throw new InvalidOperationException($"The benchmark file holds {stats.Memories} memories and {stats.CurrentVectors} vectors, not {Memories}.");
        }

        var found = await _store.SearchAsync(_queries[0], MemoryScope.All, 10);
        if (found.Results.Count != 10)
        {
            throw new InvalidOperationException($"A search found {found.Results.Count} memories, not 10.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(Baseline = true, Description = "BM25 alone (FTS5)")]
    public Task<MemorySearchResponse> Keyword() =>
        _store.SearchAsync(NextQuery(), new MemorySearchOptions { Mode = MemorySearchMode.Keyword });

    [Benchmark(Description = "Vectors alone (exact cosine)")]
    public Task<MemorySearchResponse> Semantic() =>
        _store.SearchAsync(NextQuery(), new MemorySearchOptions { Mode = MemorySearchMode.Semantic });

    [Benchmark(Description = "Hybrid (BM25 + vectors + graph, RRF)")]
    public Task<MemorySearchResponse> Hybrid() =>
        _store.SearchAsync(NextQuery(), MemoryScope.All, 10);

    [Benchmark(Description = "Hybrid, one workspace of 10")]
    public Task<MemorySearchResponse> HybridInWorkspace() =>
        _store.SearchAsync(NextQuery(), MemoryScope.ForWorkspace("/work/project-3"), 10);

    private string NextQuery() => _queries[_next++ % _queries.Length];
}
