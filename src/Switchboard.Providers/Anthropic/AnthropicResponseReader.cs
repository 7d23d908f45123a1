using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Reads a non-streaming Messages API response (https://platform.claude.com/docs/en/api/messages/create):
/// <c>{id, model, content: [text | thinking | redacted_thinking | tool_use | ...], stop_reason, usage}</c>.
/// </summary>
internal static class AnthropicResponseReader
{
    /// <exception cref="JsonException">The body is not JSON or lacks the documented fields.</exception>
    /// <exception cref="ProviderException">The body is an error object despite the success status.</exception>
    public static ChatResponse Read(ReadOnlyMemory<byte> body, string provider, DateTimeOffset receivedAt)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A Messages API response must be a JSON object, not {root.ValueKind}.");
        }

        if (GetString(root, "type") == "error")
        {
            throw AnthropicErrorParser.InBandError(provider, body.Span);
        }

        if (!root.TryGetProperty("content", out var blocks) || blocks.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The response has no content array.");
        }

        var id = GetString(root, "id");
        var contents = new List<AIContent>(blocks.GetArrayLength());
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            if (ReadBlock(block, id, index++) is { } content)
            {
                contents.Add(content);
            }
        }

        var usage = default(AnthropicUsage);
        if (root.TryGetProperty("usage", out var usageElement))
        {
            usage.Read(usageElement);
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = id, CreatedAt = receivedAt })
        {
            ResponseId = id,
            ModelId = GetString(root, "model"),

            // The Messages API reports no creation time; the time the response arrived stands in for it.
            CreatedAt = receivedAt,
            Usage = usage.HasAny ? usage.ToDetails() : null,
        };

        if (GetString(root, "stop_reason") is { } stopReason)
        {
            response.FinishReason = AnthropicFinishReason.Map(stopReason);
            response.AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [SwitchboardProperties.ProviderFinishReason] = stopReason,
            };
        }

        return response;
    }

    private static AIContent? ReadBlock(JsonElement block, string? messageId, int index)
    {
        switch (GetString(block, "type"))
        {
            case "text":
                return GetString(block, "text") is { Length: > 0 } text ? new TextContent(text) : null;
            case "thinking":
                return new TextReasoningContent(GetString(block, "thinking") ?? string.Empty)
                {
                    ProtectedData = GetString(block, "signature") is { Length: > 0 } signature ? signature : null,
                };
            case "redacted_thinking":
                return AnthropicStreamParser.RedactedThinking(GetString(block, "data") ?? string.Empty);
            case "tool_use":
                var input = block.TryGetProperty("input", out var i) ? i : default;
                return FunctionCallContent.CreateFromParsedArguments(
                    input,
                    GetString(block, "id") ?? $"toolu_{messageId}_{index}",
                    GetString(block, "name") ?? string.Empty,
                    static element => element.ValueKind == JsonValueKind.Undefined
                        ? new Dictionary<string, object?>()
                        : AnthropicJsonValues.ToArguments(element));
            default:
                // Server tool blocks (server_tool_use, web_search_tool_result, ...) are run by Anthropic, not by the caller.
                return null;
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
