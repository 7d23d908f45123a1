using System.Net.ServerSentEvents;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Http;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.Gemini;

/// <summary>Shared pieces of the Gemini tests: clients against the emulator, SSE bodies, canned handlers.</summary>
internal static class GeminiTestKit
{
    /// <summary>A key that must never show up in URLs, messages or exception text.</summary>
    public const string ApiKey = "AIzaTEST-secret-key-0123456789";

    public const string Model = "gemini-2.0-flash";

    public static GeminiChatClient CreateClient(EmulatorServer server, string model = Model, double? timeoutSeconds = null) =>
        new(model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = server.BaseAddress.ToString(), TimeoutSeconds = timeoutSeconds });

    /// <summary>An SSE body with CRLF framing, one data line per chunk, as Gemini sends it.</summary>
    public static byte[] Sse(params string[] chunks) => Encoding.UTF8.GetBytes(string.Concat(chunks.Select(c => $"data: {c}\r\n\r\n")));

    /// <summary>Answers every request with <paramref name="body"/> as an event stream, in small pieces.</summary>
    public static void AnswerSse(EmulatorServer server, byte[] body, int pieceSize = 64, int pauseMs = 0) =>
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await EmulatorServer.WriteInPiecesAsync(context.Response, body, pieceSize, TimeSpan.FromMilliseconds(pauseMs), context.RequestAborted);
        };

    /// <summary>Answers every request with a JSON body and status.</summary>
    public static void AnswerJson(EmulatorServer server, string body, int status = 200, Action<HttpResponse>? headers = null) =>
        server.Handler = async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            headers?.Invoke(context.Response);
            await context.Response.WriteAsync(body, context.RequestAborted);
        };

    /// <summary>A minimal successful non-streaming answer, for tests that only look at the request.</summary>
    public const string OkResponse =
        """{"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2},"modelVersion":"gemini-2.0-flash"}""";

    /// <summary>Runs <paramref name="sse"/> through the parser alone (no HTTP): the updates and whether the stream finished.</summary>
    public static (List<ChatResponseUpdate> Updates, bool Finished) ParseSse(byte[] sse, string model = Model)
    {
        var http = new ProviderHttp("gemini", null, GeminiErrorParser.Parse, null);
        var parser = new GeminiChunkParser(http, model, DateTimeOffset.UnixEpoch);
        var updates = new List<ChatResponseUpdate>();
        foreach (var item in SseParser.Create(new MemoryStream(sse), parser.ParseSseEvent).Enumerate())
        {
            if (item.Data is { } update)
            {
                updates.Add(update);
            }
        }

        return (updates, parser.Finished);
    }

    /// <summary>Collects a streaming call's updates and the exception that ended it, if any.</summary>
    public static async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in stream)
            {
                updates.Add(update);
            }

            return (updates, null);
        }
        catch (Exception ex)
        {
            return (updates, ex);
        }
    }

    public static ChatMessage User(string text) => new(ChatRole.User, text);
}
