using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the Gemini API (https://ai.google.dev/api/embeddings):
/// one text goes to <c>models/{model}:embedContent</c>, several to <c>models/{model}:batchEmbedContents</c> in
/// batches of 100. <c>outputDimensionality</c> comes from <see cref="EmbeddingGenerationOptions.Dimensions"/> and
/// <c>taskType</c> (<c>RETRIEVAL_QUERY</c>, <c>RETRIEVAL_DOCUMENT</c>, ...) from
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under <see cref="TaskTypeProperty"/>. Usage is read from
/// <c>usageMetadata.promptTokenCount</c> when the response has it; the API does not always send it.
/// </summary>
public sealed class GeminiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Requests per <c>batchEmbedContents</c> call, the API's limit.</summary>
    public const int MaxInputsPerRequest = 100;

    /// <summary>The key in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> whose string is sent as <c>taskType</c>.</summary>
    public const string TaskTypeProperty = "taskType";

    private const string DefaultApiVersion = "v1beta";

    private readonly string _model;
    private readonly string? _apiKey;
    private readonly string _apiRoot;
    private readonly ProviderHttp _http;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator for one Gemini embedding model.</summary>
    /// <param name="model">The model name (<c>gemini-embedding-001</c>; a <c>models/...</c> form is accepted).</param>
    /// <param name="settings">API key (sent as <c>x-goog-api-key</c>, never in the URL), base URL and timeout.</param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public GeminiEmbeddingGenerator(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "gemini")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);

        _model = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        _apiKey = string.IsNullOrEmpty(settings.ApiKey) ? null : settings.ApiKey;
        var baseUri = new Uri(string.IsNullOrWhiteSpace(settings.BaseUrl) ? GeminiProviderDescriptor.Instance.DefaultBaseUrl!.ToString() : settings.BaseUrl, UriKind.Absolute);

        // {base}/v1beta, unless the base URL already ends in an API version (a gateway URL copied with it).
        var root = baseUri.AbsoluteUri.TrimEnd('/');
        _apiRoot = root[(root.LastIndexOf('/') + 1)..] is "v1" or "v1beta" or "v1alpha" ? root : $"{root}/{DefaultApiVersion}";
        var timeout = settings.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        _http = new ProviderHttp(providerName, httpClient, GeminiErrorParser.Parse, timeout);
        _metadata = new EmbeddingGeneratorMetadata(providerName, baseUri, _model);
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId;
        var taskType = options?.AdditionalProperties?.TryGetValue(TaskTypeProperty, out var value) == true ? value?.ToString() : null;
        return EmbeddingBatches.GenerateAsync(_http, values, MaxInputsPerRequest, model,
            (batch, token) => SendAsync(batch, model, options?.Dimensions, taskType, token), cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is the shared one or the caller's; neither is ours to dispose.
    }

    private async Task<EmbeddingBatches.BatchResult> SendAsync(IReadOnlyList<string> texts, string model, int? dimensions, string? taskType, CancellationToken cancellationToken)
    {
        var single = texts.Count == 1;
        var modelPath = "models/" + Uri.EscapeDataString(model);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_apiRoot}/{modelPath}:{(single ? "embedContent" : "batchEmbedContents")}")
        {
            Content = ProviderHttp.JsonContent((texts, modelPath, dimensions, taskType, single), static (writer, state) =>
            {
                writer.WriteStartObject();
                if (state.single)
                {
                    WriteEmbedContentRequest(writer, state.texts[0], null, state.dimensions, state.taskType);
                }
                else
                {
                    // Each request of a batch names the model again, and it must match the one in the URL.
                    writer.WriteStartArray("requests");
                    foreach (var text in state.texts)
                    {
                        writer.WriteStartObject();
                        WriteEmbedContentRequest(writer, text, state.modelPath, state.dimensions, state.taskType);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }),
        };
        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-goog-api-key", _apiKey);
        }

        byte[] body;
        try
        {
            body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.InvalidRequest && ex.ResponseBody?.Contains("\"API_KEY_INVALID\"", StringComparison.Ordinal) == true)
        {
            // Google answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
            throw new ProviderException(ProviderErrorKind.Authentication, _http.Provider, ex.ProviderMessage, ex.StatusCode, ex.ErrorType, ex.ResponseBody, ex.RetryAfter, ex);
        }

        return EmbeddingBatches.Parse(_http, body, single ? "an EmbedContentResponse" : "a BatchEmbedContentsResponse", root =>
        {
            IReadOnlyList<float[]> vectors = single
                ? [EmbeddingBatches.ReadVector(root.GetProperty("embedding").GetProperty("values"))]
                : root.GetProperty("embeddings").EnumerateArray().Select(e => EmbeddingBatches.ReadVector(e.GetProperty("values"))).ToList();
            long? tokens = root.TryGetProperty("usageMetadata", out var usage) && usage.ValueKind == JsonValueKind.Object
                && usage.TryGetProperty("promptTokenCount", out var prompt) && prompt.ValueKind == JsonValueKind.Number ? prompt.GetInt64() : null;
            return new EmbeddingBatches.BatchResult(vectors, tokens);
        });
    }

    private static void WriteEmbedContentRequest(Utf8JsonWriter writer, string text, string? modelPath, int? dimensions, string? taskType)
    {
        if (modelPath is not null)
        {
            writer.WriteString("model", modelPath);
        }

        writer.WriteStartObject("content");
        writer.WriteStartArray("parts");
        writer.WriteStartObject();
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        if (!string.IsNullOrWhiteSpace(taskType))
        {
            writer.WriteString("taskType", taskType);
        }

        if (dimensions is { } count)
        {
            writer.WriteNumber("outputDimensionality", count);
        }
    }
}
