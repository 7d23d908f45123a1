using System.ComponentModel.DataAnnotations;

namespace Switchboard.Memory;

/// <summary>Settings of a <see cref="MemoryStore"/>, validated when the store opens.</summary>
public sealed class MemoryStoreOptions
{
    /// <summary>The SQLite file (created with its folder if missing); <see cref="MemoryPaths.Database"/> is the usual one.</summary>
    [Required]
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>
    /// The <c>k</c> of reciprocal rank fusion, <c>score = Σ 1 / (k + rank)</c>: small values let the top of each
    /// ranking dominate, large ones flatten the lists. Cormack et al. (SIGIR 2009) used 60; 10 ranked best of
    /// 10, 20, 40, 60 and 100 on the development pages of bench/Switchboard.Memory.Evaluation, at both chunk sizes tried.
    /// </summary>
    [Range(1, 1000)]
    public int ReciprocalRankConstant { get; set; } = 10;

    /// <summary>How many candidates each ranking (BM25, vectors, graph) contributes before fusion.</summary>
    [Range(1, 10_000)]
    public int CandidatesPerRanking { get; set; } = 50;

    /// <summary>Words per transcript chunk. all-MiniLM-L6-v2 reads 256 word pieces, about 180 English words.</summary>
    [Range(16, 4096)]
    public int ChunkWords { get; set; } = 160;

    /// <summary>Words repeated at the start of the next chunk, so a fact split at a boundary is whole in one of them.</summary>
    [Range(0, 2048)]
    public int ChunkOverlapWords { get; set; } = 32;

    /// <summary>Texts per call to the embedding generator (local: one ONNX batch; providers: one request).</summary>
    [Range(1, 2048)]
    public int EmbeddingBatchSize { get; set; } = 32;

    /// <summary>
    /// The id stored with every vector. When null it is read from the generator's metadata as
    /// <c>provider/model</c>. Vectors of another id are ignored by search until <see cref="MemoryStore.ReindexAsync"/>.
    /// </summary>
    public string? EmbeddingModelId { get; set; }

    /// <summary>Checks every setting; throws a <see cref="ValidationException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (ChunkOverlapWords >= ChunkWords)
        {
            throw new ValidationException($"{nameof(ChunkOverlapWords)} ({ChunkOverlapWords}) must be smaller than {nameof(ChunkWords)} ({ChunkWords}).");
        }
    }
}
