using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>What an emulator does with one request: answer from a recorded fixture, fail with a status, cut the connection or hang.</summary>
internal static class Faults
{
    private const int PieceSize = 128;

    /// <summary>
    /// Answers with the recorded stream when the request asks to stream, else with the recorded whole response
    /// (a router retrying without streaming gets the same provider's non-streaming answer).
    /// </summary>
    public static Func<HttpContext, RecordedRequest, Task> Serve(string streamFixture, string? responseFixture = null) => async (context, request) =>
    {
        var fixture = IsStreaming(request) ? streamFixture : responseFixture;
        if (fixture is null)
        {
            await Error(400, """{"error":{"message":"The test expected a streaming request here.","type":"invalid_request_error"}}""")(context, request);
            return;
        }

        context.Response.ContentType = ContentTypeOf(fixture);
        await EmulatorServer.WriteInPiecesAsync(context.Response, Fixture.Bytes(fixture), PieceSize, TimeSpan.FromMilliseconds(1), context.RequestAborted);
    };

    /// <summary>An HTTP error with a JSON body and, when given, a <c>Retry-After</c> header.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Error(int status, string body, string? retryAfter = null) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    };

    /// <summary>An HTTP error whose body is a recorded provider error.</summary>
    public static Func<HttpContext, RecordedRequest, Task> ErrorFixture(int status, string fixture) => Error(status, Fixture.Text(fixture));

    /// <summary>The connection is reset before any byte of the response (a crashed upstream or proxy).</summary>
    public static Func<HttpContext, RecordedRequest, Task> ResetBeforeHeaders() => (context, _) =>
    {
        EmulatorServer.Abort(context);
        return Task.CompletedTask;
    };

    /// <summary>
    /// A 200 stream that sends the first <paramref name="events"/> events of a recorded stream, then half of the next
    /// one, then resets the connection.
    /// </summary>
    public static Func<HttpContext, RecordedRequest, Task> ResetAfterEvents(string streamFixture, int events) => async (context, _) =>
    {
        var bytes = Fixture.Bytes(streamFixture);
        var cut = EventBoundary(bytes, events);
        cut += (EventBoundary(bytes, events + 1) - cut) / 2;
        context.Response.ContentType = ContentTypeOf(streamFixture);
        await context.Response.StartAsync(context.RequestAborted);
        await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[..cut], PieceSize, TimeSpan.Zero, context.RequestAborted);

        // Give the client a moment to read what was sent, so the reset does not overtake the bytes in flight.
        await Task.Delay(50, context.RequestAborted);
        EmulatorServer.Abort(context);
    };

    /// <summary>Reads the request and never answers, until the client gives up and closes the connection.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Hang() => async (context, _) =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client timed out and dropped the connection: the expected end.
        }
    };

    /// <summary>Whether the request asked for a stream: <c>"stream": true</c> in the body, or Gemini's streaming method.</summary>
    public static bool IsStreaming(RecordedRequest request) =>
        request.PathAndQuery.Contains(":streamGenerateContent", StringComparison.Ordinal)
        || (request.Json.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True);

    private static string ContentTypeOf(string fixture) => Path.GetExtension(fixture) switch
    {
        ".sse" => "text/event-stream",
        ".ndjson" => "application/x-ndjson",
        _ => "application/json",
    };

    /// <summary>The offset just past the <paramref name="count"/>-th SSE event or NDJSON line.</summary>
    private static int EventBoundary(byte[] bytes, int count)
    {
        byte[] separator = bytes.AsSpan().IndexOf("\r\n\r\n"u8) >= 0 ? [.. "\r\n\r\n"u8]
            : bytes.AsSpan().IndexOf("\n\n"u8) >= 0 ? [.. "\n\n"u8]
            : [.. "\n"u8];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var next = bytes.AsSpan(offset).IndexOf(separator);
            if (next < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), $"The fixture has fewer than {count} events.");
            }

            offset += next + separator.Length;
        }

        return offset;
    }
}
