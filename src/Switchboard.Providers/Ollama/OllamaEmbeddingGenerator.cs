using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for Ollama's <c>POST {host}/api/embed</c>
/// (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings): <c>input</c> as an array,
/// <c>embeddings</c> back in the same order, usage from <c>prompt_eval_count</c>. Ollama truncates inputs longer
/// than the model's context unless <c>truncate</c> is false; the default is kept.
/// </summary>
public sealed class OllamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Inputs per request: Ollama documents no limit; this keeps one request's body and work bounded.</summary>
    public const int MaxInputsPerRequest = 256;

    private readonly string _model;
    private readonly string? _apiKey;
    private readonly Uri _embedUri;
    private readonly ProviderHttp _http;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="model">The Ollama model name (<c>nomic-embed-text</c>, <c>all-minilm</c>).</param>
    /// <param name="settings">The server (an <c>OLLAMA_HOST</c>-style value; default <c>http://localhost:11434</c>) and an optional key.</param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public OllamaEmbeddingGenerator(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "ollama")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);

        _model = model;
        _apiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey;
        var baseUri = OllamaEndpoint.Parse(settings.BaseUrl);
        _embedUri = OllamaEndpoint.Resolve(baseUri, "/api/embed");
        _http = new ProviderHttp(providerName, httpClient, OllamaErrorParser.Parse, settings.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        _metadata = new EmbeddingGeneratorMetadata(providerName, baseUri, model);
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId;
        return EmbeddingBatches.GenerateAsync(_http, values, MaxInputsPerRequest, model,
            (batch, token) => SendAsync(batch, model, options?.Dimensions, token), cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is shared or the caller's; nothing here owns a resource.
    }

    private async Task<EmbeddingBatches.BatchResult> SendAsync(IReadOnlyList<string> texts, string model, int? dimensions, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _embedUri)
        {
            Content = EmbeddingBatches.ModelInputsContent(model, texts, dimensions),
        };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        var body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        return EmbeddingBatches.Parse(_http, body, "an /api/embed response", root =>
        {
            var vectors = root.GetProperty("embeddings").EnumerateArray().Select(EmbeddingBatches.ReadVector).ToList();
            long? tokens = root.TryGetProperty("prompt_eval_count", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt64() : null;
            return new EmbeddingBatches.BatchResult(vectors, tokens);
        });
    }
}
