using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Switchboard.Errors;

namespace Switchboard.Providers.Http;

/// <summary>
/// Sends provider requests and turns every failure into a <see cref="ProviderException"/>: HTTP errors with the
/// provider's own message, timeouts, refused connections, streams cut mid-way and bytes that are not the wire format.
/// Cancellation by the caller is never converted: it surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ProviderHttp
{
    /// <summary>Error bodies are read for their message only; a proxy's endless HTML page must not be buffered whole.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly Func<string, ProviderErrorDetails?> _parseErrorBody;
    private readonly TimeSpan _timeout;

    /// <param name="provider">The provider name used in errors.</param>
    /// <param name="http">The client to send with (the shared pooled one unless a test or host gives its own).</param>
    /// <param name="parseErrorBody">Reads the provider's error JSON; returns null when the body is not in its format.</param>
    /// <param name="timeout">Limit for a non-streaming call, and for the wait until a stream's headers arrive.</param>
    public ProviderHttp(string provider, HttpClient? http, Func<string, ProviderErrorDetails?> parseErrorBody, TimeSpan? timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(parseErrorBody);
        Provider = provider;
        _http = http ?? ProviderHttpClient.Shared;
        _parseErrorBody = parseErrorBody;
        _timeout = timeout ?? TimeSpan.FromMinutes(10);
    }

    public string Provider { get; }

    /// <summary>Builds a JSON request body with a writer callback, without an intermediate string.</summary>
    public static HttpContent JsonContent<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        // Request bodies never reach HTML, so the relaxed encoder is safe here; the default one would escape every
        // '+' of base64 image data and all non-ASCII text, inflating bodies for nothing.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer, state);
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>Sends a non-streaming request and returns the whole successful body.</summary>
    public async Task<byte[]> SendForBytesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var response = await SendCoreAsync(request, timeout.Token, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimeoutError(ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(ProviderErrorKind.StreamInterrupted, Provider, $"The response body was cut: {ex.Message}", response.StatusCode, innerException: ex);
        }
        catch (IOException ex)
        {
            throw new ProviderException(ProviderErrorKind.StreamInterrupted, Provider, $"The response body was cut: {ex.Message}", response.StatusCode, innerException: ex);
        }
    }

    /// <summary>Sends a streaming request and returns the response once its headers arrived with a success status.</summary>
    public async Task<HttpResponseMessage> SendForStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        return await SendCoreAsync(request, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads an SSE body event by event, parsing each event's data with <paramref name="parseItem"/> as it arrives
    /// (the span points into the parser's pooled buffer, so nothing is copied). Disposes the response at the end.
    /// </summary>
    public IAsyncEnumerable<SseItem<T>> ReadSseAsync<T>(
        HttpResponseMessage response,
        SseItemParser<T> parseItem,
        CancellationToken cancellationToken) =>
        ReadItemsAsync(response, (stream, token) => SseParser.Create(stream, parseItem).EnumerateAsync(token), cancellationToken);

    /// <summary>Reads a newline-delimited JSON body (Ollama) line by line as lines arrive. Disposes the response at the end.</summary>
    public IAsyncEnumerable<T> ReadNdjsonAsync<T>(
        HttpResponseMessage response,
        NdjsonLineParser<T> parseLine,
        CancellationToken cancellationToken) =>
        ReadItemsAsync(response, (stream, token) => NdjsonReader.ReadAsync(stream, parseLine, token), cancellationToken);

    /// <summary>
    /// Enumerates a streamed body, translating failures, and gives up when the server sends nothing for as long as
    /// the request timeout: a server that sent its headers and then went silent must not hang the caller forever.
    /// The idle clock stops while the caller holds an item, so a slow consumer is never mistaken for a silent server.
    /// </summary>
    private async IAsyncEnumerable<T> ReadItemsAsync<T>(
        HttpResponseMessage response,
        Func<Stream, CancellationToken, IAsyncEnumerable<T>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (response)
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            idle.CancelAfter(_timeout);
            var stream = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            var items = read(stream, idle.Token).GetAsyncEnumerator(idle.Token);
            try
            {
                while (true)
                {
                    T item;
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }

                        item = items.Current;
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && idle.IsCancellationRequested)
                    {
                        throw new ProviderException(ProviderErrorKind.Timeout, Provider,
                            $"The stream sent nothing for {_timeout.TotalSeconds:0.#} s.", response.StatusCode, innerException: ex);
                    }
                    catch (Exception ex) when (TranslateStreamFailure(ex, response.StatusCode) is { } translated)
                    {
                        throw translated;
                    }

                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    yield return item;
                    idle.CancelAfter(_timeout);
                }
            }
            finally
            {
                await items.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The error for a body that is not the documented format (bad JSON, missing fields).</summary>
    public ProviderException InvalidResponse(string what, Exception? inner = null) =>
        new(ProviderErrorKind.InvalidResponse, Provider, what, innerException: inner);

    /// <summary>The error for a stream that ended without the provider's terminal event.</summary>
    public ProviderException StreamEndedEarly(string expectedEvent) =>
        new(ProviderErrorKind.StreamInterrupted, Provider, $"The stream ended before {expectedEvent}; the answer may be incomplete.");

    /// <summary>Builds the typed error for an error body, also used for error events inside a 200 stream.</summary>
    public ProviderException CreateError(HttpStatusCode status, string body, HttpResponseHeaders? headers)
    {
        ProviderErrorDetails? details = null;
        try
        {
            details = _parseErrorBody(body);
        }
        catch (JsonException)
        {
            // Not the provider's JSON (an HTML page from a proxy, say): the raw text below is the message.
        }

        var message = details?.Message;
        if (string.IsNullOrWhiteSpace(message))
        {
            message = string.IsNullOrWhiteSpace(body) ? $"HTTP {(int)status} with an empty body" : Truncate(body.Trim(), 500);
        }

        var kind = ErrorClassifier.Classify(status, details?.Type, details?.Code, message);
        var retryAfter = (headers is null ? null : RetryAfterParser.Parse(headers)) ?? details?.RetryAfter;
        return new ProviderException(kind, Provider, message, status, details?.Type ?? details?.Code, body, retryAfter);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken timeoutToken, CancellationToken callerToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw TimeoutError(ex);
        }
        catch (HttpRequestException ex)
        {
            // The message names host and port at most; keys travel in headers and never appear here.
            throw new ProviderException(ProviderErrorKind.Network, Provider, $"The request to {request.RequestUri?.GetLeftPart(UriPartial.Authority)} failed before a response arrived: {ex.Message}", innerException: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadLimitedAsync(response.Content, timeoutToken).ConfigureAwait(false);
            throw CreateError(response.StatusCode, body, response.Headers);
        }
    }

    private ProviderException TimeoutError(Exception inner) =>
        new(ProviderErrorKind.Timeout, Provider, $"No response within {_timeout.TotalSeconds:0.#} s.", innerException: inner);

    private ProviderException? TranslateStreamFailure(Exception ex, HttpStatusCode status) => ex switch
    {
        ProviderException => null,
        OperationCanceledException => null,
        JsonException or InvalidDataException or DecoderFallbackException =>
            new ProviderException(ProviderErrorKind.InvalidResponse, Provider, $"The stream holds data that is not valid {Provider} JSON: {ex.Message}", status, innerException: ex),
        IOException or HttpRequestException =>
            new ProviderException(ProviderErrorKind.StreamInterrupted, Provider, $"The connection was cut mid-stream: {ex.Message}", status, innerException: ex),
        _ => null,
    };

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (IOException ex)
        {
            return $"(the error body could not be read: {ex.Message})";
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
