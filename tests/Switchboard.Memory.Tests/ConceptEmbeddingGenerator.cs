using Microsoft.Extensions.AI;
using Switchboard.Memory.Search;

namespace Switchboard.Memory.Tests;

/// <summary>
/// A tiny, predictable "semantic" model: each word counts towards its concept (synonyms share one), so "kitten on
/// a rug" is close to "cat on the mat" though they share no word. Words outside the dictionary hash into the
/// remaining dimensions. Records every batch it was given.
/// </summary>
internal sealed class ConceptEmbeddingGenerator(string modelId = "test/concepts", int dimensions = 64) : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly Dictionary<string, int> Concepts = new(StringComparer.Ordinal)
    {
        ["cat"] = 0, ["cats"] = 0, ["kitten"] = 0, ["feline"] = 0,
        ["mat"] = 1, ["rug"] = 1, ["carpet"] = 1,
        ["database"] = 2, ["postgres"] = 2, ["postgresql"] = 2, ["sqlite"] = 2,
        ["deploy"] = 3, ["release"] = 3, ["ship"] = 3, ["rollout"] = 3,
        ["sleep"] = 4, ["resting"] = 4, ["sat"] = 4, ["sits"] = 4,
    };

    public List<IReadOnlyList<string>> Batches { get; } = [];

    /// <summary>When set, every call throws it (a provider that is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, calls wait for it (a slow model), so a test can prove callers do not.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        lock (Batches)
        {
            Batches.Add(texts);
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(Embed(t)) { ModelId = modelId }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, modelId.Split('/')[^1], dimensions)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        var vector = new float[dimensions];
        foreach (var word in FullTextQuery.Words(text))
        {
            if (Concepts.TryGetValue(word, out var concept))
            {
                vector[concept] += 1;
            }
            else
            {
                vector[8 + (int)(StableHash(word) % (uint)(dimensions - 8))] += 0.25f;
            }
        }

        return vector;
    }

    /// <summary>FNV-1a: the same dimension for a word in every run (string.GetHashCode is randomized per process).</summary>
    private static uint StableHash(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
