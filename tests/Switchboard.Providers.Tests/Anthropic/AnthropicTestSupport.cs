using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>Shared pieces of the Anthropic tests: clients aimed at the emulator, SSE builders and collectors.</summary>
internal static class AnthropicTestSupport
{
    /// <summary>A key that must never show up in an exception text.</summary>
    public const string ApiKey = "sk-ant-test-0123456789-SECRET";

    public const string Model = "claude-test-model";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static AnthropicChatClient CreateClient(EmulatorServer server, double? timeoutSeconds = null) =>
        new(Model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = server.BaseAddress.ToString(), TimeoutSeconds = timeoutSeconds });

    public static List<ChatMessage> Hello() => [new(ChatRole.User, "Hi")];

    /// <summary>One SSE event with an <c>event:</c> line, the way Anthropic frames them.</summary>
    public static string Event(string type, string json) => $"event: {type}\ndata: {json}\n\n";

    public static string MessageStart(string id = "msg_1", string model = "claude-x", string usage = """{"input_tokens":10,"output_tokens":1}""") =>
        Event("message_start", $$$"""{"type":"message_start","message":{"id":"{{{id}}}","type":"message","role":"assistant","model":"{{{model}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{{{usage}}}}}""");

    public static string TextStart(int index) =>
        Event("content_block_start", $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"text","text":""}}""");

    public static string TextDelta(int index, string text) =>
        Event("content_block_delta", $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"text_delta","text":{{{JsonSerializer.Serialize(text, AnthropicTestJsonContext.Default.String)}}}}}""");

    public static string ToolStart(int index, string id, string name) =>
        Event("content_block_start", $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"tool_use","id":"{{{id}}}","name":"{{{name}}}","input":{}} }""");

    public static string JsonDelta(int index, string partialJson) =>
        Event("content_block_delta", $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"input_json_delta","partial_json":{{{JsonSerializer.Serialize(partialJson, AnthropicTestJsonContext.Default.String)}}}}}""");

    public static string BlockStop(int index) =>
        Event("content_block_stop", $$$"""{"type":"content_block_stop","index":{{{index}}}}""");

    public static string MessageDelta(string stopReason = "end_turn", string usage = """{"output_tokens":5}""") =>
        Event("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}","stop_sequence":null},"usage":{{{usage}}}}""");

    public static string MessageStop() => Event("message_stop", """{"type":"message_stop"}""");

    public static string Ping() => Event("ping", """{"type": "ping"}""");

    /// <summary>A complete text answer: start, one text block split in the given pieces, stop reason, message_stop.</summary>
    public static string TextStream(params string[] pieces)
    {
        var sb = new StringBuilder(MessageStart()).Append(TextStart(0));
        foreach (var piece in pieces)
        {
            sb.Append(TextDelta(0, piece));
        }

        return sb.Append(BlockStop(0)).Append(MessageDelta()).Append(MessageStop()).ToString();
    }

    /// <summary>Runs SSE bytes through a fresh stream parser, without HTTP.</summary>
    public static (List<ChatResponseUpdate> Updates, bool Complete) ParseSse(byte[] sse)
    {
        var parser = new AnthropicStreamParser("anthropic", DateTimeOffset.UnixEpoch);
        var updates = new List<ChatResponseUpdate>();
        foreach (var item in SseParser.Create(new MemoryStream(sse), parser.Parse).Enumerate())
        {
            if (item.Data is { } update)
            {
                updates.Add(update);
            }

            if (parser.IsComplete)
            {
                break;
            }
        }

        return (updates, parser.IsComplete);
    }

    public static (List<ChatResponseUpdate> Updates, bool Complete) ParseSse(string sse) => ParseSse(Encoding.UTF8.GetBytes(sse));

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>Collects updates until the stream throws; returns what arrived before and the exception.</summary>
    public static async Task<(List<ChatResponseUpdate> Updates, Exception? Error)> CollectUntilErrorAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
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

        return (list, null);
    }

    /// <summary>A handler that answers 200 with <paramref name="body"/> as an event stream, in small pieces with pauses.</summary>
    public static Func<HttpContext, RecordedRequest, Task> ServeSse(byte[] body, int pieceSize = 16, int pauseMs = 2) =>
        async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream";
            await EmulatorServer.WriteInPiecesAsync(context.Response, body, pieceSize, TimeSpan.FromMilliseconds(pauseMs), context.RequestAborted);
        };

    public static Func<HttpContext, RecordedRequest, Task> ServeSse(string body, int pieceSize = 16, int pauseMs = 2) =>
        ServeSse(Encoding.UTF8.GetBytes(body), pieceSize, pauseMs);

    /// <summary>A handler that answers with a status, a JSON body and optional headers.</summary>
    public static Func<HttpContext, RecordedRequest, Task> ServeJson(int status, string body, params (string Name, string Value)[] headers) =>
        async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(body, context.RequestAborted);
        };

    /// <summary>Visible text of the updates, reasoning excluded.</summary>
    public static string TextOf(IEnumerable<ChatResponseUpdate> updates) =>
        string.Concat(updates.SelectMany(u => u.Contents).OfType<TextContent>().Select(t => t.Text));

    /// <summary>Writes a request body with the production writer and parses it back.</summary>
    public static JsonElement WriteRequest(IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool stream = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AnthropicRequestWriter.Write(writer, new AnthropicRequest(messages.ToList(), options, Model, stream));
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
