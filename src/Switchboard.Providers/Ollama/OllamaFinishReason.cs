using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Ollama;

/// <summary>Maps Ollama's <c>done_reason</c> to the normalized <see cref="ChatFinishReason"/>.</summary>
internal static class OllamaFinishReason
{
    /// <param name="doneReason">The raw value: <c>stop</c>, <c>length</c>, <c>load</c>, <c>unload</c>, or null from older servers.</param>
    /// <param name="sawToolCalls">
    /// Whether the turn produced tool calls. Ollama reports <c>stop</c> for a turn that ends in tool calls (see the
    /// tool-calling examples in https://docs.ollama.com/capabilities/tool-calling), so that case becomes ToolCalls;
    /// the raw <c>stop</c> is still reported beside it.
    /// </param>
    public static ChatFinishReason Map(string? doneReason, bool sawToolCalls) => doneReason switch
    {
        null or "" or "stop" => sawToolCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        _ => new ChatFinishReason(doneReason),
    };
}
