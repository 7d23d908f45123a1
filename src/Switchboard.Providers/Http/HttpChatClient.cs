using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;

namespace Switchboard.Providers.Http;

/// <summary>
/// The one client every HTTP protocol is built on: it checks the settings once (every option means the same for
/// every protocol), sends, enforces the timeout (a whole answer, a stream's first byte and each gap between events),
/// reads SSE or NDJSON as bytes arrive, stops at the protocol's terminal event, raises a stream that ends without it
/// as <see cref="ProviderErrorKind.StreamInterrupted"/>, and maps every failure to a <see cref="ProviderException"/>.
/// A protocol supplies only its request writer, its response and stream parsers and its error-body parser.
/// </summary>
internal abstract class HttpChatClient : IChatClient
{
    private readonly ChatClientMetadata _metadata;

    /// <exception cref="SwitchboardConfigurationException">A setting cannot work (each bad one is named).</exception>
    protected HttpChatClient(ProviderDescriptor descriptor, ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.ProviderName);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.Model);
        var settings = context.Settings;
        var errors = descriptor.Validate(context.ProviderName, settings);
        if (errors.Count > 0)
        {
            throw new SwitchboardConfigurationException(errors);
        }

        Model = context.Model;
        BaseUri = settings.BaseUrl is { } url ? descriptor.ParseBaseUrl(url, out _)! : descriptor.DefaultBaseUrl
            ?? throw new InvalidOperationException($"The {descriptor.Protocol} descriptor has no default endpoint.");
        ApiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey;
        Time = context.TimeProvider;
        Http = new ProviderHttp(context.ProviderName, context.HttpClient, ParseErrorBody, settings.Timeout);
        _metadata = new ChatClientMetadata(context.ProviderName, BaseUri, Model);
    }

    /// <summary>The provider's own model name, used when <see cref="ChatOptions.ModelId"/> is not set.</summary>
    protected string Model { get; }

    /// <summary>The endpoint, from the settings or the descriptor's default.</summary>
    protected Uri BaseUri { get; }

    /// <summary>The key, or null when none is configured. Sent in headers only, never logged.</summary>
    protected string? ApiKey { get; }

    protected TimeProvider Time { get; }

    /// <summary>The provider name used in errors (<c>openai</c>, or a custom <c>groq</c>).</summary>
    protected string ProviderName => Http.Provider;

    internal ProviderHttp Http { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        byte[] body;
        using (var request = CreateRequest(list, options, stream: false))
        {
            try
            {
                body = await Http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                throw Refine(ex);
            }
        }

        try
        {
            return ReadResponse(body, options);
        }
        catch (JsonException ex)
        {
            throw Http.InvalidResponse($"The response is not a valid {Http.Provider} answer: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        HttpResponseMessage response;
        using (var request = CreateRequest(list, options, stream: true))
        {
            try
            {
                response = await Http.SendForStreamAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                throw Refine(ex);
            }
        }

        // The reader owns the response from here and disposes it however the loop ends (done, error, the caller
        // stopping early or cancelling), which aborts the connection at once.
        var parser = CreateStreamParser(options);
        var updates = parser.Framing == StreamFraming.ServerSentEvents
            ? ReadSse(response, parser, cancellationToken)
            : Http.ReadNdjsonAsync(response, line => parser.Parse("", line), cancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
        {
            if (update is not null)
            {
                yield return update;
            }

            if (parser.IsComplete)
            {
                yield break;
            }
        }

        if (!parser.EndedCleanly)
        {
            throw Http.StreamEndedEarly(parser.TerminalEvent);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is the shared pooled one or the caller's; nothing here owns a resource.
    }

    /// <summary>Builds the HTTP request: URL, headers (key included) and the JSON body in the protocol's shape.</summary>
    protected abstract HttpRequestMessage CreateRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool stream);

    /// <summary>Reads a whole non-streaming answer.</summary>
    /// <exception cref="JsonException">The body is not the protocol's answer.</exception>
    protected abstract ChatResponse ReadResponse(byte[] body, ChatOptions? options);

    /// <summary>A parser for one stream.</summary>
    protected abstract IProviderStreamParser CreateStreamParser(ChatOptions? options);

    /// <summary>Reads the protocol's error JSON; null when the body is not in its format.</summary>
    protected abstract ProviderErrorDetails? ParseErrorBody(string body);

    /// <summary>Corrects a classification only the protocol can make (a key rejected with a 400, say).</summary>
    protected virtual ProviderException Refine(ProviderException error) => error;

    private async IAsyncEnumerable<ChatResponseUpdate?> ReadSse(HttpResponseMessage response, IProviderStreamParser parser, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in Http.ReadSseAsync(response, parser.Parse, cancellationToken).ConfigureAwait(false))
        {
            yield return item.Data;
        }
    }
}
