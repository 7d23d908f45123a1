using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI;

/// <summary>Maps OpenAI's finish reasons (Chat Completions and Responses) to <see cref="ChatFinishReason"/>.</summary>
internal static class OpenAIFinishReason
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";
    public const string FunctionCall = "function_call";

    /// <summary>
    /// Normalizes a Chat Completions <c>finish_reason</c>. The documented values are stop, length, tool_calls,
    /// content_filter and the deprecated function_call
    /// (https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices); compatible servers add
    /// their own (vLLM's <c>abort</c>, for one), which stay visible as a custom reason.
    /// </summary>
    public static ChatFinishReason Map(string raw) => raw switch
    {
        Stop => ChatFinishReason.Stop,
        Length => ChatFinishReason.Length,
        ToolCalls or FunctionCall => ChatFinishReason.ToolCalls,
        ContentFilter => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(raw),
    };

    /// <summary>
    /// Normalizes the reason of a Responses API <c>response.incomplete</c>
    /// (<c>incomplete_details.reason</c>: max_output_tokens or content_filter).
    /// </summary>
    public static ChatFinishReason MapIncomplete(string? reason) => reason switch
    {
        "max_output_tokens" => ChatFinishReason.Length,
        ContentFilter => ChatFinishReason.ContentFilter,
        null => ChatFinishReason.Length,
        _ => new ChatFinishReason(reason),
    };

    /// <summary>Reads a finish reason string, returning the shared instance for the documented values (no allocation).</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("stop"u8))
        {
            return Stop;
        }

        if (reader.ValueTextEquals("tool_calls"u8))
        {
            return ToolCalls;
        }

        if (reader.ValueTextEquals("length"u8))
        {
            return Length;
        }

        if (reader.ValueTextEquals("content_filter"u8))
        {
            return ContentFilter;
        }

        if (reader.ValueTextEquals("function_call"u8))
        {
            return FunctionCall;
        }

        return reader.GetString()!;
    }
}
