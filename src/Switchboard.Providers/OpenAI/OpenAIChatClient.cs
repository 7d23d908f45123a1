using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for the OpenAI Chat Completions API (<c>POST {base}/chat/completions</c>), and so for
/// every server that speaks it: vLLM, llama.cpp, Ollama's /v1, LM Studio, Groq, DeepSeek, OpenRouter and others.
/// </summary>
public sealed class OpenAIChatClient : IChatClient
{
    /// <summary>The API root used when the settings name none.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    // Request text is not HTML: '+' in base64 images and non-ASCII prompt text need no \u escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _model;
    private readonly string? _apiKey;
    private readonly Uri _chatCompletionsUri;
    private readonly bool _isOpenAIPlatform;
    private readonly ProviderHttp _http;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client for one model.</summary>
    /// <param name="model">The model name as the server knows it (<c>gpt-4.1</c>, <c>meta-llama/Llama-3.1-8B-Instruct</c>).</param>
    /// <param name="settings">
    /// Key (sent as <c>Authorization: Bearer</c>, and not at all when empty, for local servers that take none), base
    /// URL (used as given, e.g. <c>http://localhost:8000/v1</c>; <see cref="DefaultBaseUrl"/> when null) and timeout.
    /// </param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata (<c>openai</c>, or a custom <c>groq</c>).</param>
    public OpenAIChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "openai")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);

        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? DefaultBaseUrl : settings.BaseUrl.Trim().TrimEnd('/');
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The base URL '{baseUrl}' of '{providerName}' is not an absolute http(s) URL.", nameof(settings));
        }

        _model = model;
        _apiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey.Trim();
        _chatCompletionsUri = new Uri(baseUrl + "/chat/completions");
        _isOpenAIPlatform = string.Equals(baseUri.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase);
        TimeSpan? timeout = settings.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null;
        _http = new ProviderHttp(providerName, httpClient, OpenAIErrorParser.Parse, timeout);
        _metadata = new ChatClientMetadata(providerName, baseUri, model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var request = CreateRequest(messages, options, stream: false);
        var body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return OpenAIResponseReader.Read(body, _http.Provider);
        }
        catch (JsonException ex)
        {
            throw _http.InvalidResponse($"The response is not a Chat Completions object: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        HttpResponseMessage response;
        using (var request = CreateRequest(messages, options, stream: true))
        {
            response = await _http.SendForStreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // ReadSseAsync owns the response from here and disposes it however the loop ends (done, error, the caller
        // stopping early or cancelling), which aborts the connection at once.
        var parser = new OpenAIStreamParser(_http.Provider);
        await foreach (var item in _http.ReadSseAsync(response, parser.Parse, cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is { } update)
            {
                yield return update;
            }

            if (parser.IsDone)
            {
                yield break;
            }
        }

        // No [DONE]: complete only if the choice at least finished (a few compatible servers omit [DONE]).
        if (!parser.SawFinishReason)
        {
            throw _http.StreamEndedEarly("data: [DONE]");
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is shared or the caller's; nothing here owns a resource.
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var body = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            OpenAIRequestWriter.Write(writer, new OpenAIRequest(messages, options, _model, stream, _isOpenAIPlatform));
        }

        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = JsonMediaType;
        var request = new HttpRequestMessage(HttpMethod.Post, _chatCompletionsUri) { Content = content };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        if (stream)
        {
            request.Headers.Accept.Add(EventStream);
        }

        return request;
    }
}
