using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for <c>POST {base}/embeddings</c>
/// (https://developers.openai.com/api/reference/resources/embeddings, also
/// https://platform.openai.com/docs/api-reference/embeddings/create) and the servers that copy it (vLLM,
/// llama.cpp, Ollama's /v1, LM Studio). Texts go in batches of up to 2048 inputs (the documented array limit);
/// usage is <c>usage.prompt_tokens</c> summed over the batches.
/// </summary>
public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Inputs per request: "any array must be 2048 dimensions or less".</summary>
    public const int MaxInputsPerRequest = 2048;

    private readonly string _model;
    private readonly string? _apiKey;
    private readonly Uri _embeddingsUri;
    private readonly ProviderHttp _http;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator for one embedding model.</summary>
    /// <param name="model">The model name as the server knows it (<c>text-embedding-3-small</c>).</param>
    /// <param name="settings">Key (<c>Authorization: Bearer</c>, omitted when empty), base URL (<c>https://api.openai.com/v1</c> when null) and timeout.</param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    /// <exception cref="ArgumentException">The base URL is not an absolute http(s) URL.</exception>
    public OpenAIEmbeddingGenerator(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "openai")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);

        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? OpenAIProviderDescriptor.Instance.DefaultBaseUrl!.ToString().TrimEnd('/') : settings.BaseUrl.Trim().TrimEnd('/');
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The base URL '{baseUrl}' of '{providerName}' is not an absolute http(s) URL.", nameof(settings));
        }

        _model = model;
        _apiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey.Trim();
        _embeddingsUri = new Uri(baseUrl + "/embeddings");
        TimeSpan? timeout = settings.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null;
        _http = new ProviderHttp(providerName, httpClient, OpenAIErrorParser.Parse, timeout);
        _metadata = new EmbeddingGeneratorMetadata(providerName, baseUri, model);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A text is null or empty (the API refuses empty strings).</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        if (texts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("The embeddings API refuses empty inputs; leave blank texts out.", nameof(values));
        }

        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId;
        return EmbeddingBatches.GenerateAsync(_http, texts, MaxInputsPerRequest, model,
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
        using var request = new HttpRequestMessage(HttpMethod.Post, _embeddingsUri)
        {
            // Floats, not the SDKs' base64 default: compatible servers do not all implement base64.
            Content = EmbeddingBatches.ModelInputsContent(model, texts, dimensions, static writer => writer.WriteString("encoding_format", "float")),
        };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        var body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        return EmbeddingBatches.Parse(_http, body, "an embeddings list", root =>
        {
            var data = root.GetProperty("data");
            var vectors = new float[data.GetArrayLength()][];
            var position = 0;
            foreach (var item in data.EnumerateArray())
            {
                // "index" says which input an embedding belongs to; it is the position when a server leaves it out.
                var index = item.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : position;
                if (index < 0 || index >= vectors.Length || vectors[index] is not null)
                {
                    throw new JsonException($"The embedding index {index} is out of range or repeated.");
                }

                vectors[index] = EmbeddingBatches.ReadVector(item.GetProperty("embedding"));
                position++;
            }

            long? tokens = root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                && usage.TryGetProperty("prompt_tokens", out var prompt) && prompt.ValueKind == JsonValueKind.Number ? prompt.GetInt64() : null;
            return new EmbeddingBatches.BatchResult(vectors, tokens);
        });
    }
}
