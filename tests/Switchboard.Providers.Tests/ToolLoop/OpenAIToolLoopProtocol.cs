using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// Chat Completions streaming (https://platform.openai.com/docs/api-reference/chat-streaming): parallel calls arrive
/// as <c>delta.tool_calls</c> entries told apart by <c>index</c>; the first delta of a call has its id, type and name
/// with empty arguments, later ones only argument fragments; the choice ends with <c>finish_reason: "tool_calls"</c>,
/// then the usage chunk (choices empty) and <c>[DONE]</c>. Results come back as one <c>role: "tool"</c> message per call.
/// </summary>
internal sealed class OpenAIToolLoopProtocol : ToolLoopProtocol
{
    private const string Model = "gpt-test";

    public override bool HasCallIds => true;

    public override bool HasErrorFlag => false;

    public override string ContentType => "text/event-stream";

    public override string ExpectedPath => "/v1/chat/completions";

    public override IChatClient CreateClient(EmulatorServer server) =>
        new OpenAIChatClient(Model, new ProviderSettings { BaseUrl = new Uri(server.BaseAddress, "v1").ToString(), ApiKey = "sk-test-toolloop" });

    public override string ToolCallTurn(int turn, IReadOnlyList<ScriptedCall> calls)
    {
        var sse = new StringBuilder();
        Chunk(sse, turn, """{"role":"assistant","content":null,"refusal":null}""");
        for (var index = 0; index < calls.Count; index++)
        {
            var call = calls[index];
            Chunk(sse, turn, $$$"""{"tool_calls":[{"index":{{{index}}},"id":{{{Str(call.Id)}}},"type":"function","function":{"name":{{{Str(call.Name)}}},"arguments":""}}]}""");
            foreach (var fragment in Fragments(call.ArgumentsJson))
            {
                Chunk(sse, turn, $$$"""{"tool_calls":[{"index":{{{index}}},"function":{"arguments":{{{Str(fragment)}}}}}]}""");
            }
        }

        return End(sse, turn, "tool_calls");
    }

    public override string TextTurn(int turn, string text)
    {
        var sse = new StringBuilder();
        Chunk(sse, turn, """{"role":"assistant","content":"","refusal":null}""");
        foreach (var word in Words(text))
        {
            Chunk(sse, turn, $$$"""{"content":{{{Str(word)}}}}""");
        }

        return End(sse, turn, "stop");
    }

    public override (int Status, string Body) Rejection(string message) =>
        (400, $$$"""{"error":{"message":{{{Str(message)}}},"type":"invalid_request_error","param":"messages","code":null}}""");

    public override IReadOnlyList<WireToolResult> ReadToolResults(JsonElement request)
    {
        if (!request.TryGetProperty("stream", out var stream) || stream.ValueKind != JsonValueKind.True)
        {
            throw new WireFormatException("request: 'stream' is not true.");
        }

        var messages = RequireArray(request, "messages", "request").EnumerateArray().ToList();
        Dictionary<string, string>? unanswered = null;
        var trailing = new List<WireToolResult>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var where = $"messages[{i}]";
            var role = RequireString(message, "role", where);
            if (role == "tool")
            {
                var id = RequireString(message, "tool_call_id", where);
                if (unanswered is null || !unanswered.Remove(id, out var name))
                {
                    throw new WireFormatException($"{where}: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (no call '{id}').");
                }

                trailing.Add(new WireToolResult(id, name, RequireString(message, "content", where), IsError: null));
                continue;
            }

            ThrowIfUnanswered(unanswered);
            unanswered = null;
            trailing.Clear();
            if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                unanswered = [];
                var c = 0;
                foreach (var call in calls.EnumerateArray())
                {
                    var callWhere = $"{where}.tool_calls[{c++}]";
                    if (RequireString(call, "type", callWhere) != "function")
                    {
                        throw new WireFormatException($"{callWhere}: type is not 'function'.");
                    }

                    var function = RequireObject(call, "function", callWhere);

                    // arguments is JSON text inside a string, and it must be an object.
                    using (var arguments = JsonDocument.Parse(RequireString(function, "arguments", callWhere)))
                    {
                        if (arguments.RootElement.ValueKind != JsonValueKind.Object)
                        {
                            throw new WireFormatException($"{callWhere}: arguments is not a JSON object.");
                        }
                    }

                    unanswered[RequireString(call, "id", callWhere)] = RequireString(function, "name", callWhere);
                }
            }
        }

        ThrowIfUnanswered(unanswered);
        return trailing;
    }

    private static void ThrowIfUnanswered(Dictionary<string, string>? unanswered)
    {
        if (unanswered is { Count: > 0 })
        {
            throw new WireFormatException(
                "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
                + $"The following tool_call_ids did not have response messages: {string.Join(", ", unanswered.Keys)}");
        }
    }

    private static void Chunk(StringBuilder sse, int turn, string delta, string? finishReason = null) =>
        sse.Append("data: ")
            .Append($$$"""{"id":"chatcmpl-turn{{{turn}}}","object":"chat.completion.chunk","created":1750000000,"model":"{{{Model}}}","system_fingerprint":"fp_test","choices":[{"index":0,"delta":{{{delta}}},"logprobs":null,"finish_reason":{{{(finishReason is null ? "null" : Str(finishReason))}}}}],"usage":null}""")
            .Append("\n\n");

    private static string End(StringBuilder sse, int turn, string finishReason)
    {
        Chunk(sse, turn, "{}", finishReason);
        sse.Append("data: ")
            .Append($$$"""{"id":"chatcmpl-turn{{{turn}}}","object":"chat.completion.chunk","created":1750000000,"model":"{{{Model}}}","system_fingerprint":"fp_test","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":20,"total_tokens":100}}""")
            .Append("\n\ndata: [DONE]\n\n");
        return sse.ToString();
    }
}
