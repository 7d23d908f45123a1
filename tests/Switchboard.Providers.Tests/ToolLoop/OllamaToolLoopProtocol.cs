using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// <c>POST /api/chat</c> NDJSON (https://docs.ollama.com/capabilities/tool-calling): parallel calls are whole entries of
/// one message's <c>tool_calls</c>, arguments an object, no call id; the final line has <c>done: true</c>. Results come
/// back as one <c>role: "tool"</c> message per call, matched to its call by <c>tool_name</c>.
/// </summary>
internal sealed class OllamaToolLoopProtocol : ToolLoopProtocol
{
    private const string Model = "qwen3:8b";

    public override bool HasCallIds => false;

    public override bool HasErrorFlag => false;

    public override string ContentType => "application/x-ndjson";

    public override string ExpectedPath => "/api/chat";

    public override IChatClient CreateClient(EmulatorServer server) =>
        new OllamaChatClient(Model, new ProviderSettings { BaseUrl = server.BaseAddress.ToString() });

    public override string ToolCallTurn(int turn, IReadOnlyList<ScriptedCall> calls)
    {
        var toolCalls = calls.Select((call, i) =>
            $$$"""{"function":{"index":{{{i}}},"name":{{{Str(call.Name)}}},"arguments":{{{call.ArgumentsJson}}}}}""");
        var ndjson = new StringBuilder();
        Line(ndjson, turn, $$$"""{"role":"assistant","content":"","tool_calls":[{{{string.Join(',', toolCalls)}}}]}""");
        return Done(ndjson, turn);
    }

    public override string TextTurn(int turn, string text)
    {
        var ndjson = new StringBuilder();
        foreach (var word in Words(text))
        {
            Line(ndjson, turn, $$$"""{"role":"assistant","content":{{{Str(word)}}}}""");
        }

        return Done(ndjson, turn);
    }

    public override (int Status, string Body) Rejection(string message) => (400, $$$"""{"error":{{{Str(message)}}}}""");

    public override IReadOnlyList<WireToolResult> ReadToolResults(JsonElement request)
    {
        // Ollama streams unless told otherwise; a client that asks for a stream says nothing or true.
        if (request.TryGetProperty("stream", out var stream) && stream.ValueKind != JsonValueKind.True)
        {
            throw new WireFormatException("request: 'stream' is not true.");
        }

        var messages = RequireArray(request, "messages", "request").EnumerateArray().ToList();
        List<string>? unanswered = null;
        var trailing = new List<WireToolResult>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var where = $"messages[{i}]";
            var role = RequireString(message, "role", where);
            if (role == "tool")
            {
                var name = RequireString(message, "tool_name", where);
                if (unanswered is null || !unanswered.Remove(name))
                {
                    throw new WireFormatException($"{where}: a tool message for '{name}', which the preceding assistant message did not call.");
                }

                var id = message.TryGetProperty("tool_call_id", out var idValue) ? idValue.GetString() : null;
                trailing.Add(new WireToolResult(id, name, RequireString(message, "content", where), IsError: null));
                continue;
            }

            ThrowIfUnanswered(unanswered, where);
            unanswered = null;
            trailing.Clear();
            if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                unanswered = [];
                foreach (var call in calls.EnumerateArray())
                {
                    var function = RequireObject(call, "function", where);
                    RequireObject(function, "arguments", where);
                    unanswered.Add(RequireString(function, "name", where));
                }
            }
        }

        ThrowIfUnanswered(unanswered, "the end of messages");
        return trailing;
    }

    private static void ThrowIfUnanswered(List<string>? unanswered, string where)
    {
        if (unanswered is { Count: > 0 })
        {
            throw new WireFormatException($"{where}: no tool message answers the call(s) to {string.Join(", ", unanswered)}.");
        }
    }

    private static void Line(StringBuilder ndjson, int turn, string message) =>
        ndjson.Append($$$"""{"model":"{{{Model}}}","created_at":"2025-09-01T10:00:0{{{turn % 10}}}.000000Z","message":{{{message}}},"done":false}""").Append('\n');

    private static string Done(StringBuilder ndjson, int turn) =>
        ndjson.Append($$$"""{"model":"{{{Model}}}","created_at":"2025-09-01T10:00:0{{{turn % 10}}}.500000Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":412000000,"load_duration":21000000,"prompt_eval_count":95,"prompt_eval_duration":80000000,"eval_count":24,"eval_duration":300000000}""")
            .Append('\n')
            .ToString();
}
