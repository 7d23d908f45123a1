using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Benchmarks;

/// <summary>
/// Stands in for the embedding model when 100,000 memories are filled in: a pseudo-random unit vector of the real
/// model's length (384) per text, derived from the text so a query always gets the same one. Search cost does not
/// depend on what the vectors mean, and embedding 100,000 texts with the real model would take hours here; the
/// real model's cost per query is measured on its own (<see cref="QueryEmbeddingBenchmarks"/>).
/// </summary>
internal sealed class RandomUnitEmbeddingGenerator(int dimensions = 384) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Vector(v)))));

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("bench", null, "random-unit-384", dimensions) : null;

    public void Dispose()
    {
    }

    private float[] Vector(string text)
    {
        var random = new Random(StableHash(text));
        var vector = new float[dimensions];
        var norm = 0.0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
            norm += vector[i] * vector[i];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
