using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;

namespace Switchboard.Providers.Http;

/// <summary>
/// What every fill-in-the-middle transport shares: the request read from its <see cref="IChatClient"/> form (see
/// <see cref="FillInTheMiddle"/>), one non-streaming HTTP call per request, and the streaming method as a replay of
/// that answer. Completions are a few dozen tokens that an editor shows whole, so streaming them buys nothing and
/// would cost a second parser per API. Only this assembly derives from it.
/// </summary>
public abstract class FimTransportClient : IChatClient
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly ChatClientMetadata _metadata;
    private readonly string? _apiKey;

    private protected FimTransportClient(
        string providerName,
        ChatClientMetadata metadata,
        ProviderSettings settings,
        HttpClient? httpClient,
        Func<string, ProviderErrorDetails?> parseErrorBody)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(settings);
        ProviderName = providerName;
        _metadata = metadata;
        _apiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey.Trim();
        Http = new ProviderHttp(providerName, httpClient, parseErrorBody,
            settings.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    /// <summary>The provider name used in errors and metadata.</summary>
    public string ProviderName { get; }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = FimRequest.From(messages, options, ProviderName);
        return CompleteAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is the caller's or the shared pooled one; nothing here owns a resource.
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends, translates failures, and owns the timeout.</summary>
    private protected ProviderHttp Http { get; }

    /// <summary>Whether a key is configured (sent as <c>Authorization: Bearer</c>).</summary>
    private protected bool HasApiKey => _apiKey is not null;

    private protected abstract Task<ChatResponse> CompleteAsync(FimRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Posts the JSON <paramref name="writeBody"/> writes and reads the answer with <paramref name="readBody"/>; bytes
    /// that are not the documented shape become <see cref="Errors.ProviderErrorKind.InvalidResponse"/>.
    /// </summary>
    private protected async Task<ChatResponse> PostAsync(
        Uri uri,
        FimRequest request,
        Action<Utf8JsonWriter, FimRequest> writeBody,
        Func<JsonElement, byte[], ChatResponse> readBody,
        string expectedShape,
        CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = ProviderHttp.JsonContent((request, writeBody), static (writer, state) => state.writeBody(writer, state.request)),
        };
        message.Headers.Accept.Add(JsonMediaType);
        if (_apiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        var body = await Http.SendForBytesAsync(message, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("Expected a JSON object.");
            }

            return readBody(document.RootElement, body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Http.InvalidResponse($"The response is not {expectedShape}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the sampling settings every FIM API shares, under each API's own names.</summary>
    /// <param name="writer">The writer, inside the object that holds the settings.</param>
    /// <param name="request">The request.</param>
    /// <param name="maxTokensName">The API's name for the output limit (<c>max_tokens</c>, <c>num_predict</c>).</param>
    /// <param name="seedName">The API's name for the seed (<c>seed</c>, <c>random_seed</c>).</param>
    /// <param name="maxStopSequences">How many stop sequences the API takes; the first ones are kept.</param>
    private protected static void WriteSampling(Utf8JsonWriter writer, FimRequest request, string maxTokensName, string seedName, int maxStopSequences = int.MaxValue)
    {
        if (request.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber(maxTokensName, maxTokens);
        }

        if (request.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (request.TopP is { } topP)
        {
            writer.WriteNumber("top_p", topP);
        }

        if (request.Seed is { } seed)
        {
            writer.WriteNumber(seedName, seed);
        }

        if (request.Stop is { } stop)
        {
            writer.WriteStartArray("stop");
            foreach (var sequence in stop.Take(maxStopSequences))
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>Reads a string property, or null.</summary>
    private protected static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads a whole-number property, or null.</summary>
    private protected static long? GetCount(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    /// <summary>Checks a configured base URL (or the API's default) is an absolute http(s) URL.</summary>
    private protected static Uri ParseBaseUri(ProviderSettings settings, string defaultBaseUrl, string providerName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? defaultBaseUrl : settings.BaseUrl.Trim().TrimEnd('/');
        return Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"The base URL '{baseUrl}' of '{providerName}' is not an absolute http(s) URL.", nameof(settings));
    }

    /// <summary>A response id for APIs that send none, so candidates of one answer can be grouped.</summary>
    private protected static string NewResponseId(string provider) => provider + "-fim-" + Guid.NewGuid().ToString("N");
}
