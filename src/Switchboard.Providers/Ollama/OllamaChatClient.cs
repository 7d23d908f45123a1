using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// An <see cref="IChatClient"/> for Ollama's native chat API, <c>POST {host}/api/chat</c>
/// (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion): NDJSON streaming,
/// thinking, tool calls, images, structured output. A local server needs no key; with
/// <see cref="ProviderSettings.ApiKey"/> set (ollama.com, or a proxy) it is sent as <c>Authorization: Bearer</c>.
/// </summary>
public sealed class OllamaChatClient : IChatClient
{
    private static readonly MediaTypeWithQualityHeaderValue NdjsonMediaType = new("application/x-ndjson");
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly string _model;
    private readonly string? _apiKey;
    private readonly Uri _chatUri;
    private readonly ProviderHttp _http;
    private readonly ChatClientMetadata _metadata;

    /// <param name="model">The Ollama model name (<c>llama3.2</c>, <c>qwen3:8b</c>).</param>
    /// <param name="settings">
    /// <see cref="ProviderSettings.BaseUrl"/> is the server (an <c>OLLAMA_HOST</c> value such as <c>localhost:11434</c>
    /// or <c>0.0.0.0</c> is accepted; default <c>http://localhost:11434</c>); <see cref="ProviderSettings.ApiKey"/> is optional.
    /// </param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public OllamaChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "ollama")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);

        _model = model;
        _apiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey;
        var baseUri = OllamaEndpoint.Parse(settings.BaseUrl);
        _chatUri = OllamaEndpoint.Resolve(baseUri, "/api/chat");
        _http = new ProviderHttp(
            providerName,
            httpClient,
            OllamaErrorParser.Parse,
            settings.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        _metadata = new ChatClientMetadata(providerName, baseUri, model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        using var request = CreateRequest(messages, options, stream: false);
        var body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return OllamaResponseReader.Read(body, _http.Provider, NewResponseId());
        }
        catch (JsonException ex)
        {
            throw _http.InvalidResponse($"The response is not valid Ollama JSON: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        using var request = CreateRequest(messages, options, stream: true);
        var response = await _http.SendForStreamAsync(request, cancellationToken).ConfigureAwait(false);
        var parser = new OllamaStreamParser(_http.Provider, NewResponseId());
        await foreach (var update in _http.ReadNdjsonAsync(response, parser.ParseLine, cancellationToken).ConfigureAwait(false))
        {
            if (update is null)
            {
                continue;
            }

            yield return update;
            if (parser.Done)
            {
                // The done line is the last one Ollama writes; stop here rather than wait for the connection to close.
                yield break;
            }
        }

        throw _http.StreamEndedEarly("the final line with \"done\": true");
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is the caller's or the shared pooled one; nothing here owns a resource.
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var content = ProviderHttp.JsonContent(
            new OllamaRequest(_http.Provider, _model, messages, options, stream),
            OllamaRequestWriter.Write);
        var request = new HttpRequestMessage(HttpMethod.Post, _chatUri) { Content = content };
        request.Headers.Accept.Add(stream ? NdjsonMediaType : JsonMediaType);
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return request;
    }

    /// <summary>Ollama sends no response id; one is made per call so updates of one answer can be grouped.</summary>
    private static string NewResponseId() => "ollama-" + Guid.NewGuid().ToString("N");
}
