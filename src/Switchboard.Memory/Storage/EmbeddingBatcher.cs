using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Storage;

/// <summary>The embedding generator with the id stored beside its vectors, called in batches of a fixed size.</summary>
internal sealed class EmbeddingBatcher
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly int _batchSize;

    public EmbeddingBatcher(IEmbeddingGenerator<string, Embedding<float>> generator, string? modelId, int batchSize)
    {
        _generator = generator;
        _batchSize = batchSize;
        ModelId = modelId ?? ModelIdOf(generator);
    }

    /// <summary><c>provider/model</c>, as stored with every vector.</summary>
    public string ModelId { get; }

    /// <summary>One vector per text, in order.</summary>
    /// <exception cref="InvalidOperationException">The generator returned a different number of vectors than texts.</exception>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += _batchSize)
        {
            var batch = texts.Skip(start).Take(_batchSize).ToList();
            var embeddings = await _generator.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != batch.Count)
            {
                throw new InvalidOperationException($"{ModelId} returned {embeddings.Count} vectors for {batch.Count} texts.");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                vectors[start + i] = embeddings[i].Vector.ToArray();
            }
        }

        return vectors;
    }

    private static string ModelIdOf(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return (metadata?.ProviderName, metadata?.DefaultModelId) switch
        {
            ({ Length: > 0 } provider, { Length: > 0 } model) => model.StartsWith(provider + "/", StringComparison.Ordinal) ? model : $"{provider}/{model}",
            (_, { Length: > 0 } model) => model,
            _ => throw new ArgumentException(
                "The embedding generator names no model in its metadata; set MemoryStoreOptions.EmbeddingModelId so vectors of different models are never mixed.",
                nameof(generator)),
        };
    }
}
