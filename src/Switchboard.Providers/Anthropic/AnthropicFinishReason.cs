using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Anthropic;

/// <summary>Maps Anthropic's <c>stop_reason</c> to the normalized <see cref="ChatFinishReason"/>.</summary>
/// <remarks>Values from https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons.</remarks>
internal static class AnthropicFinishReason
{
    private static readonly ChatFinishReason PauseTurn = new("pause_turn");

    public static ChatFinishReason Map(string stopReason) => stopReason switch
    {
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,

        // A server-tool loop hit its iteration limit; the caller sends the turn back to continue. Neither a stop nor
        // a tool call for the client, so it keeps its own name.
        "pause_turn" => PauseTurn,
        _ => new ChatFinishReason(stopReason),
    };
}
