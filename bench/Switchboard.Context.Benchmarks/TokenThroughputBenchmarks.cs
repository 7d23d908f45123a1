using BenchmarkDotNet.Attributes;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Benchmarks;

/// <summary>
/// o200k counting speed on ~1 MB of real text (prose, Python, Japanese/Russian/Korean/German man pages).
/// Baseline: the naive count, <c>Tokenizer.EncodeToIds(text).Count</c> (materialize every id, then count).
/// </summary>
[BenchmarkCategory("o200k throughput")]
public class TokenThroughputBenchmarks
{
    private List<string> _documents = [];

    /// <summary>Tokens in the corpus (for the tokens/s column).</summary>
    public static long CorpusTokens { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _documents = MachineText.Documents(1_000_000);
        CorpusTokens = _documents.Sum(d => (long)TiktokenTokenCounter.O200kBase.CountTokens(d));
        if (CountNaive() != CorpusTokens)
        {
            throw new InvalidOperationException("The naive count and CountTokens disagree.");
        }
    }

    [Benchmark(Baseline = true, Description = "Naive: EncodeToIds(text).Count")]
    public long CountNaive()
    {
        long total = 0;
        foreach (var document in _documents)
        {
            total += TiktokenTokenCounter.O200kBase.Tokenizer.EncodeToIds(document).Count;
        }

        return total;
    }

    [Benchmark(Description = "TiktokenTokenCounter.CountTokens")]
    public long CountTokens()
    {
        long total = 0;
        foreach (var document in _documents)
        {
            total += TiktokenTokenCounter.O200kBase.CountTokens(document);
        }

        return total;
    }
}
