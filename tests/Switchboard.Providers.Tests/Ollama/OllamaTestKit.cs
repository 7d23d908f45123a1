using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>Small helpers shared by the Ollama tests: clients pointed at the emulator and canned handlers.</summary>
internal static class OllamaTestKit
{
    public const string Model = "gemma3:1b";

    public const string SimpleResponse =
        """{"model":"gemma3:1b","created_at":"2025-08-20T13:48:24.421331Z","message":{"role":"assistant","content":"ok"},"done_reason":"stop","done":true,"prompt_eval_count":3,"eval_count":1}""";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static OllamaChatClient Client(EmulatorServer server, string? apiKey = null, double? timeoutSeconds = null) =>
        new(Model, new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), ApiKey = apiKey, TimeoutSeconds = timeoutSeconds });

    /// <summary>Answers with NDJSON bytes written in pieces with pauses, as a model streaming would.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Ndjson(byte[] body, int pieceSize = 16, int pauseMs = 5) =>
        async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await EmulatorServer.WriteInPiecesAsync(context.Response, body, pieceSize, TimeSpan.FromMilliseconds(pauseMs), context.RequestAborted);
        };

    public static Func<HttpContext, RecordedRequest, Task> Ndjson(string body, int pieceSize = 16, int pauseMs = 1) =>
        Ndjson(Encoding.UTF8.GetBytes(body), pieceSize, pauseMs);

    /// <summary>Answers with a whole JSON body and a status.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Json(string body, int status = 200, Action<HttpResponse>? headers = null) =>
        async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            headers?.Invoke(context.Response);
            await context.Response.WriteAsync(body, context.RequestAborted);
        };

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>Runs a stream to its end and returns the updates seen before it threw.</summary>
    public static async Task<(List<ChatResponseUpdate> Updates, Exception Error)> CollectUntilErrorAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in updates)
            {
                list.Add(update);
            }
        }
        catch (Exception ex)
        {
            return (list, ex);
        }

        throw new Xunit.Sdk.XunitException("The stream ended without an error.");
    }

    public static string Text(IEnumerable<ChatResponseUpdate> updates) =>
        string.Concat(updates.SelectMany(u => u.Contents).OfType<TextContent>().Select(t => t.Text));

    public static List<ChatMessage> Hello() => [new(ChatRole.User, "Count to five.")];
}
