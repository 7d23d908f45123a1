using Microsoft.Extensions.AI;

namespace Switchboard.Context.Compaction;

/// <summary>
/// Marks on messages that the context window honours or writes, in <see cref="ChatMessage.AdditionalProperties"/>
/// (stored with the conversation, never sent to a provider).
/// </summary>
public static class ContextMessages
{
    /// <summary>A pinned message is always sent verbatim, like the system prompt.</summary>
    public const string PinnedKey = "switchboard_pinned";

    /// <summary>On the summary message the reducer puts in place of the turns it folded: how many messages it stands for.</summary>
    public const string SummaryKey = "switchboard_context_summary";

    /// <summary>On the note the sliding window puts in place of the turns it dropped: how many messages were dropped.</summary>
    public const string DroppedKey = "switchboard_context_dropped";

    /// <summary>On a tool-result message whose result was shortened: how many tokens were cut.</summary>
    public const string ShrunkKey = "switchboard_context_shrunk";

    /// <summary>Pins <paramref name="message"/> (and, when it is half of a tool call/result pair, the whole pair) so it is never summarized or dropped.</summary>
    /// <returns><paramref name="message"/>, for chaining.</returns>
    public static ChatMessage Pin(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        (message.AdditionalProperties ??= [])[PinnedKey] = true;
        return message;
    }

    /// <summary>Whether <paramref name="message"/> is pinned (<c>true</c> as a boolean, or the text <c>"true"</c> after a JSON round trip).</summary>
    public static bool IsPinned(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.AdditionalProperties?.TryGetValue(PinnedKey, out var value) == true
            && value switch
            {
                bool flag => flag,
                System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } => true,
                string text => bool.TryParse(text, out var parsed) && parsed,
                _ => false,
            };
    }

    /// <summary>Whether <paramref name="message"/> is a summary or a dropped-turns note written by the reducer.</summary>
    public static bool IsWrittenByReducer(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.AdditionalProperties is { } properties
            && (properties.ContainsKey(SummaryKey) || properties.ContainsKey(DroppedKey));
    }

    /// <summary>The system prompt: a system message the caller wrote (not a summary or note of the reducer).</summary>
    internal static bool IsInstructions(ChatMessage message) =>
        message.Role == ChatRole.System && !IsWrittenByReducer(message);
}
