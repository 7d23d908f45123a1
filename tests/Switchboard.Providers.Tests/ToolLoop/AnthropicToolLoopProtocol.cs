using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// Messages streaming (https://platform.claude.com/docs/en/build-with-claude/streaming): a text block, then one
/// <c>tool_use</c> content block per parallel call whose input streams as <c>input_json_delta</c> fragments (the first
/// one empty), then <c>message_delta</c> with <c>stop_reason: "tool_use"</c>. Results come back in the next user message
/// as <c>tool_result</c> blocks, first in its content, one per <c>tool_use_id</c>
/// (https://platform.claude.com/docs/en/agents-and-tools/tool-use/handle-tool-calls).
/// </summary>
internal sealed class AnthropicToolLoopProtocol : ToolLoopProtocol
{
    private const string Model = "claude-test-model";

    public override bool HasCallIds => true;

    public override bool HasErrorFlag => true;

    public override string ContentType => "text/event-stream";

    public override string ExpectedPath => "/v1/messages";

    public override IChatClient CreateClient(EmulatorServer server) =>
        new AnthropicChatClient(Model, new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), ApiKey = "sk-ant-test-toolloop" });

    public override string ToolCallTurn(int turn, IReadOnlyList<ScriptedCall> calls)
    {
        var sse = Start(turn);
        TextBlock(sse, 0, "Let me look that up.");
        for (var i = 0; i < calls.Count; i++)
        {
            var index = i + 1;
            var call = calls[i];
            Event(sse, "content_block_start", $$$$"""{"type":"content_block_start","index":{{{{index}}}},"content_block":{"type":"tool_use","id":{{{{Str(call.Id)}}}},"name":{{{{Str(call.Name)}}}},"input":{}}}""");
            Event(sse, "content_block_delta", $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"input_json_delta","partial_json":""}}""");
            foreach (var fragment in Fragments(call.ArgumentsJson))
            {
                Event(sse, "content_block_delta", $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"input_json_delta","partial_json":{{{Str(fragment)}}}}}""");
            }

            Event(sse, "content_block_stop", $$$"""{"type":"content_block_stop","index":{{{index}}}}""");
        }

        return End(sse, "tool_use");
    }

    public override string TextTurn(int turn, string text)
    {
        var sse = Start(turn);
        TextBlock(sse, 0, text);
        return End(sse, "end_turn");
    }

    public override (int Status, string Body) Rejection(string message) =>
        (400, $$$"""{"type":"error","error":{"type":"invalid_request_error","message":{{{Str(message)}}}},"request_id":"req_toolloop"}""");

    public override IReadOnlyList<WireToolResult> ReadToolResults(JsonElement request)
    {
        if (!request.TryGetProperty("stream", out var stream) || stream.ValueKind != JsonValueKind.True)
        {
            throw new WireFormatException("request: 'stream' is not true.");
        }

        var messages = RequireArray(request, "messages", "request").EnumerateArray().ToList();
        Dictionary<string, string>? toolUses = null;
        IReadOnlyList<WireToolResult> results = [];
        for (var i = 0; i < messages.Count; i++)
        {
            var where = $"messages.{i}";
            var role = RequireString(messages[i], "role", where);
            var blocks = Blocks(messages[i], where);
            if (toolUses is not null)
            {
                // The message right after a tool use must answer every call, results first.
                if (role != "user")
                {
                    throw new WireFormatException($"{where}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", toolUses.Keys)}.");
                }

                results = ReadResults(blocks, toolUses, where);
                toolUses = null;
                continue;
            }

            if (blocks.Any(b => RequireString(b, "type", where) == "tool_result"))
            {
                throw new WireFormatException($"{where}: unexpected `tool_use_id` found in `tool_result` blocks. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
            }

            results = [];
            if (role == "assistant")
            {
                foreach (var block in blocks.Where(b => RequireString(b, "type", where) == "tool_use"))
                {
                    RequireObject(block, "input", where);
                    (toolUses ??= [])[RequireString(block, "id", where)] = RequireString(block, "name", where);
                }
            }
        }

        if (toolUses is not null)
        {
            throw new WireFormatException($"The conversation ends with `tool_use` blocks and no `tool_result` for {string.Join(", ", toolUses.Keys)}.");
        }

        return results;
    }

    private static List<WireToolResult> ReadResults(List<JsonElement> blocks, Dictionary<string, string> toolUses, string where)
    {
        var results = new List<WireToolResult>();
        var pastResults = false;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var blockWhere = $"{where}.content.{b}";
            if (RequireString(block, "type", blockWhere) != "tool_result")
            {
                pastResults = true;
                continue;
            }

            if (pastResults)
            {
                throw new WireFormatException($"{blockWhere}: `tool_result` blocks must come FIRST in the content array.");
            }

            var id = RequireString(block, "tool_use_id", blockWhere);
            if (!toolUses.Remove(id, out var name))
            {
                throw new WireFormatException($"{blockWhere}: unexpected `tool_use_id` found in `tool_result` blocks: {id}.");
            }

            bool? isError = block.TryGetProperty("is_error", out var flag) ? flag.GetBoolean() : null;
            results.Add(new WireToolResult(id, name, ResultText(block, blockWhere), isError));
        }

        if (toolUses.Count > 0)
        {
            throw new WireFormatException($"{where}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", toolUses.Keys)}.");
        }

        return results;
    }

    /// <summary>A tool_result's content is a string or an array of text (and image) blocks.</summary>
    private static string ResultText(JsonElement block, string where)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Where(b => RequireString(b, "type", where) == "text").Select(b => RequireString(b, "text", where))),
            _ => throw new WireFormatException($"{where}: content is {content.ValueKind}, not a string or an array."),
        };
    }

    /// <summary>A message's content: a plain string is one text block.</summary>
    private static List<JsonElement> Blocks(JsonElement message, string where)
    {
        var content = message.TryGetProperty("content", out var value) ? value : default;
        return content.ValueKind switch
        {
            JsonValueKind.String => [],
            JsonValueKind.Array => [.. content.EnumerateArray()],
            _ => throw new WireFormatException($"{where}: content is {content.ValueKind}, not a string or an array."),
        };
    }

    private static StringBuilder Start(int turn)
    {
        var sse = new StringBuilder();
        Event(sse, "message_start", $$$$"""{"type":"message_start","message":{"id":"msg_turn{{{{turn}}}}","type":"message","role":"assistant","model":"{{{{Model}}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":1}}}""");
        Event(sse, "ping", """{"type": "ping"}""");
        return sse;
    }

    private static void TextBlock(StringBuilder sse, int index, string text)
    {
        Event(sse, "content_block_start", $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"text","text":""}}""");
        foreach (var word in Words(text))
        {
            Event(sse, "content_block_delta", $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"text_delta","text":{{{Str(word)}}}}}""");
        }

        Event(sse, "content_block_stop", $$$"""{"type":"content_block_stop","index":{{{index}}}}""");
    }

    private static string End(StringBuilder sse, string stopReason)
    {
        Event(sse, "message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}","stop_sequence":null},"usage":{"output_tokens":40}}""");
        Event(sse, "message_stop", """{"type":"message_stop"}""");
        return sse.ToString();
    }

    private static void Event(StringBuilder sse, string type, string json) =>
        sse.Append("event: ").Append(type).Append('\n').Append("data: ").Append(json).Append("\n\n");
}
