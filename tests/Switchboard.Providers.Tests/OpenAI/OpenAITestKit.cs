using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>Small helpers shared by the OpenAI tests: SSE building, parser runs, emulator handlers.</summary>
internal static class OpenAITestKit
{
    public const string ApiKey = "sk-test-5f3a9c0e1b7d4b2a";

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>SSE bytes with one <c>data:</c> event per payload, LF framing, ending with <c>[DONE]</c> when asked.</summary>
    public static byte[] Sse(IEnumerable<string> payloads, bool done = true, string newline = "\n")
    {
        var builder = new StringBuilder();
        foreach (var payload in payloads)
        {
            builder.Append("data: ").Append(payload).Append(newline).Append(newline);
        }

        if (done)
        {
            builder.Append("data: [DONE]").Append(newline).Append(newline);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>A chunk with the usual envelope around the given choices/usage JSON.</summary>
    public static string Chunk(string choices, string? usage = null) =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1727346168,\"model\":\"gpt-test\",\"choices\":" + choices
        + (usage is null ? string.Empty : ",\"usage\":" + usage) + "}";

    public static string Delta(string delta, string? finish = null) =>
        Chunk("[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + (finish is null ? "null" : "\"" + finish + "\"") + "}]");

    public static string Text(string text) => Delta("{\"content\":" + JsonSerializer.Serialize(text, OpenAITestJsonContext.Default.String) + "}");

    public static string Finish(string reason) => Delta("{}", reason);

    public static string Usage(int prompt, int completion) =>
        Chunk("[]", "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}");

    /// <summary>Runs the Chat Completions stream parser over whole SSE bytes, as the client would, without HTTP.</summary>
    public static (List<ChatResponseUpdate> Updates, OpenAIStreamParser Parser) ParseChat(byte[] sse)
    {
        var parser = new OpenAIStreamParser("openai");
        var updates = new List<ChatResponseUpdate>();
        foreach (var item in SseParser.Create(new MemoryStream(sse), parser.Parse).Enumerate())
        {
            if (item.Data is { } update)
            {
                updates.Add(update);
            }

            if (parser.IsDone)
            {
                break;
            }
        }

        return (updates, parser);
    }

    /// <summary>The request body the client would send, parsed.</summary>
    public static JsonElement RequestJson(IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool stream = false, bool openAIPlatform = false, string model = "gpt-test")
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            OpenAIRequestWriter.Write(writer, new OpenAIRequest(messages, options, model, stream, openAIPlatform));
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>A client pointed at the emulator's <c>/v1</c> root.</summary>
    public static OpenAIChatClient Client(EmulatorServer server, string? apiKey = ApiKey, double? timeoutSeconds = null) =>
        new("gpt-test", new ProviderSettings { BaseUrl = new Uri(server.BaseAddress, "v1").ToString(), ApiKey = apiKey, TimeoutSeconds = timeoutSeconds });

    /// <summary>A handler that answers with SSE bytes in pieces.</summary>
    public static Func<HttpContext, RecordedRequest, Task> StreamHandler(byte[] body, int pieceSize = 16, int pauseMs = 1) => async (context, _) =>
    {
        context.Response.ContentType = "text/event-stream";
        await EmulatorServer.WriteInPiecesAsync(context.Response, body, pieceSize, TimeSpan.FromMilliseconds(pauseMs), context.RequestAborted);
    };

    /// <summary>A handler that answers with a status and a JSON body.</summary>
    public static Func<HttpContext, RecordedRequest, Task> JsonHandler(int status, byte[] body, Action<HttpResponse>? headers = null) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        headers?.Invoke(context.Response);
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
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

    public static string TextOf(IEnumerable<ChatResponseUpdate> updates) => string.Concat(updates.Select(u => u.Text));

    public static List<T> All<T>(IEnumerable<ChatResponseUpdate> updates) => updates.SelectMany(u => u.Contents).OfType<T>().ToList();

    public static IReadOnlyList<ChatMessage> UserSays(string text) => [new ChatMessage(ChatRole.User, text)];
}
