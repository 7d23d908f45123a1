using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// An <see cref="IChatClient"/> for the Anthropic Messages API (<c>POST {base}/v1/messages</c>), written on
/// <see cref="HttpClient"/> without the Anthropic SDK. Every failure surfaces as a <see cref="ProviderException"/>.
/// </summary>
public sealed class AnthropicChatClient : IChatClient
{
    /// <summary>The API root used when the settings name none.</summary>
    public const string DefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>The API version header value (https://platform.claude.com/docs/en/api/versioning).</summary>
    private const string ApiVersion = "2023-06-01";

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    private readonly string _model;
    private readonly string? _apiKey;
    private readonly Uri _messagesUri;
    private readonly ProviderHttp _http;
    private readonly ChatClientMetadata _metadata;
    private readonly TimeProvider _time = TimeProvider.System;

    /// <param name="model">The Anthropic model name (<c>claude-sonnet-4-5</c>), used when <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="settings">Key, base URL and timeout. The key is sent in the <c>x-api-key</c> header only.</param>
    /// <param name="httpClient">The client to send with; the shared pooled client when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public AnthropicChatClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "anthropic")
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(providerName);

        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? DefaultBaseUrl : settings.BaseUrl.Trim();
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The Anthropic base URL '{baseUrl}' is not an absolute http(s) URL.", nameof(settings));
        }

        _model = model;
        _apiKey = string.IsNullOrEmpty(settings.ApiKey) ? null : settings.ApiKey;
        _messagesUri = MessagesUri(baseUri);
        _http = new ProviderHttp(
            providerName,
            httpClient,
            AnthropicErrorParser.Parse,
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
            return AnthropicResponseReader.Read(body, _http.Provider, _time.GetUtcNow());
        }
        catch (JsonException ex)
        {
            throw _http.InvalidResponse($"The response is not a valid Messages API response: {ex.Message}", ex);
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
        var parser = new AnthropicStreamParser(_http.Provider, _time.GetUtcNow());

        // ReadSseAsync owns the response from here: leaving this loop for any reason (end, error, the caller
        // stopping or cancelling) disposes it, which aborts the request.
        await foreach (var item in _http.ReadSseAsync(response, parser.Parse, cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is { } update)
            {
                yield return update;
            }

            if (parser.IsComplete)
            {
                // message_stop is terminal; nothing after it is read, even if a proxy holds the connection open.
                yield break;
            }
        }

        throw _http.StreamEndedEarly("message_stop");
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is shared or the caller's; nothing here is owned.
    }

    /// <summary>
    /// The documented base (<c>https://api.anthropic.com</c>, as in ANTHROPIC_BASE_URL) gets <c>/v1/messages</c>;
    /// a base that already ends in <c>/v1</c> gets <c>/messages</c>.
    /// </summary>
    private static Uri MessagesUri(Uri baseUri)
    {
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? root + "/messages" : root + "/v1/messages");
    }

    private HttpRequestMessage CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri)
        {
            Content = ProviderHttp.JsonContent(
                new AnthropicRequest(list, options, _model, stream),
                static (writer, state) => AnthropicRequestWriter.Write(writer, state)),
        };

        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", _apiKey);
        }

        request.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
        request.Headers.Accept.Add(stream ? EventStream : Json);
        return request;
    }
}
