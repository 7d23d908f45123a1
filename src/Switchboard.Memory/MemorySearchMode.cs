namespace Switchboard.Memory;

/// <summary>Which rankings a search fuses. Hybrid is the default; the others exist for evaluation and diagnosis.</summary>
public enum MemorySearchMode
{
    /// <summary>BM25 and cosine similarity (and graph neighbours, when enabled) fused by reciprocal rank.</summary>
    Hybrid,

    /// <summary>BM25 over the full-text index only.</summary>
    Keyword,

    /// <summary>Cosine similarity of embeddings only.</summary>
    Semantic,
}
