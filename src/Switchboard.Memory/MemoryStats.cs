namespace Switchboard.Memory;

/// <summary>How much the store holds, and whether a reindex is due.</summary>
public sealed record MemoryStats
{
    /// <summary>Stored memories.</summary>
    public required long Memories { get; init; }

    /// <summary>Memories with a vector of the current embedding model (searchable by meaning).</summary>
    public required long CurrentVectors { get; init; }

    /// <summary>Memories without a vector of the current model: found by keyword only until <see cref="MemoryStore.ReindexAsync"/>.</summary>
    public long StaleVectors => Memories - CurrentVectors;

    /// <summary>Entities of the knowledge graph.</summary>
    public required long Entities { get; init; }

    /// <summary>Relations of the knowledge graph.</summary>
    public required long Relations { get; init; }

    /// <summary>The current embedding model; null when the store runs without one (keyword search only).</summary>
    public string? EmbeddingModel { get; init; }
}
