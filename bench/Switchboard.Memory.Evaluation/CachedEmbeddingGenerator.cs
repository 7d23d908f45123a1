using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Evaluation;

/// <summary>
/// Remembers every vector by text, so the same query or chunk is embedded once however many configurations are
/// scored (embedding is by far the slowest step of the evaluation).
/// </summary>
internal sealed class CachedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly ConcurrentDictionary<string, Embedding<float>> _cache = new(StringComparer.Ordinal);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing, options, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < missing.Count; i++)
            {
                _cache[missing[i]] = generated[i];
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => _cache[t]));
    }
}
