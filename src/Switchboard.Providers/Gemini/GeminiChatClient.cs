using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// An <see cref="IChatClient"/> for the Gemini API (<c>generateContent</c> and <c>streamGenerateContent?alt=sse</c>,
/// https://ai.google.dev/api/generate-content), hand-written on <see cref="HttpClient"/>.
/// </summary>
/// <remarks>
/// Thought signatures (https://ai.google.dev/gemini-api/docs/thought-signatures) come back on the content they were
/// attached to: a thought's in <see cref="TextReasoningContent.ProtectedData"/>; a function call's in the call's
/// <see cref="AIContent.AdditionalProperties"/> under <see cref="ThoughtSignatureKey"/>; a text part's as an empty
/// <see cref="TextReasoningContent"/> holding only ProtectedData right after that text. Keep the assistant messages
/// as they are in the history and every signature goes back on the part it came on.
/// </remarks>
public sealed class GeminiChatClient : IChatClient
{
    /// <summary>The Gemini API root used when the settings name none.</summary>
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com";

    /// <summary>Key of a function call's thought signature in <see cref="FunctionCallContent"/>'s AdditionalProperties.</summary>
    public const string ThoughtSignatureKey = "thoughtSignature";

    private const string DefaultApiVersion = "v1beta";

    private readonly ProviderHttp _http;
    private readonly string _model;
    private readonly string? _apiKey;
    private readonly string _apiRoot;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client for one Gemini model.</summary>
    /// <param name="model">The model name (<c>gemini-2.5-flash</c>; <c>models/...</c> and <c>tunedModels/...</c> forms are accepted).</param>
    /// <param name="settings">API key (sent as <c>x-goog-api-key</c>), base URL and timeout.</param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public GeminiChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "gemini")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);

        _model = model;
        _apiKey = string.IsNullOrEmpty(settings.ApiKey) ? null : settings.ApiKey;
        var baseUri = new Uri(string.IsNullOrWhiteSpace(settings.BaseUrl) ? DefaultBaseUrl : settings.BaseUrl, UriKind.Absolute);
        _apiRoot = ApiRoot(baseUri);
        var timeout = settings.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        _http = new ProviderHttp(providerName, httpClient, GeminiErrorParser.Parse, timeout);
        _metadata = new ChatClientMetadata(providerName, baseUri, model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = ModelFor(options);
        using var request = CreateRequest(messages, options, model, stream: false);
        byte[] body;
        try
        {
            body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (IsRejectedKey(ex))
        {
            throw AsAuthenticationError(ex);
        }

        var parser = new GeminiChunkParser(_http, model, DateTimeOffset.UtcNow);
        try
        {
            return GeminiResponseReader.Read(body, parser);
        }
        catch (JsonException ex)
        {
            throw _http.InvalidResponse($"The response is not a Gemini GenerateContentResponse: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = ModelFor(options);
        using var request = CreateRequest(messages, options, model, stream: true);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendForStreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (IsRejectedKey(ex))
        {
            throw AsAuthenticationError(ex);
        }

        var parser = new GeminiChunkParser(_http, model, DateTimeOffset.UtcNow);
        await foreach (var item in _http.ReadSseAsync<ChatResponseUpdate?>(response, parser.ParseSseEvent, cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is { } update)
            {
                yield return update;
            }
        }

        // The stream's terminal condition is a candidate with a finishReason; the body simply ends after it.
        if (!parser.Finished)
        {
            throw _http.StreamEndedEarly("a candidate with a finishReason");
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is the shared one or the caller's; neither is ours to dispose.
    }

    /// <summary>
    /// <c>{base}/v1beta</c>, unless the base URL already ends in an API version (a gateway URL copied with it).
    /// </summary>
    private static string ApiRoot(Uri baseUri)
    {
        var root = baseUri.AbsoluteUri.TrimEnd('/');
        var lastSegment = root[(root.LastIndexOf('/') + 1)..];
        return lastSegment is "v1" or "v1beta" or "v1alpha" ? root : $"{root}/{DefaultApiVersion}";
    }

    /// <summary>
    /// The key travels in the x-goog-api-key header only, never in the <c>?key=</c> query, so it cannot leak through
    /// URLs in logs or errors. https://ai.google.dev/api#authentication
    /// </summary>
    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var method = stream ? "streamGenerateContent?alt=sse" : "generateContent";
        var request = new HttpRequestMessage(HttpMethod.Post, $"{_apiRoot}/{ModelPath(model)}:{method}")
        {
            Content = ProviderHttp.JsonContent((list, options), static (writer, state) => GeminiRequestWriter.Write(writer, state.list, state.options)),
        };

        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-goog-api-key", _apiKey);
        }

        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        return request;
    }

    private string ModelFor(ChatOptions? options) => string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId;

    /// <summary><c>models/{model}</c>; a name that already has its collection (<c>tunedModels/x</c>) is kept.</summary>
    private static string ModelPath(string model)
    {
        var path = model.Contains('/', StringComparison.Ordinal) ? model : $"models/{model}";
        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>
    /// Google answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, which the status alone would
    /// classify as an invalid request.
    /// </summary>
    private static bool IsRejectedKey(ProviderException ex) =>
        ex.Kind == ProviderErrorKind.InvalidRequest && ex.ResponseBody?.Contains("\"API_KEY_INVALID\"", StringComparison.Ordinal) == true;

    private ProviderException AsAuthenticationError(ProviderException ex) =>
        new(ProviderErrorKind.Authentication, _http.Provider, ex.ProviderMessage, ex.StatusCode, ex.ErrorType, ex.ResponseBody, ex.RetryAfter, ex);
}
