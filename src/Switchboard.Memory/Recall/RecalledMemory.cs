using System.Text.Json.Serialization;

namespace Switchboard.Memory.Recall;

/// <summary>One memory as the model sees it: enough to judge its age and source, without internal scores.</summary>
/// <param name="Id">The memory's id.</param>
/// <param name="Kind">summary, chunk or note.</param>
/// <param name="Date">When it was remembered (UTC date).</param>
/// <param name="ConversationId">The conversation it came from, if any.</param>
/// <param name="Text">The remembered text.</param>
public sealed record RecalledMemory(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("conversation_id")] string? ConversationId,
    [property: JsonPropertyName("text")] string Text)
{
    internal static RecalledMemory From(MemorySearchResult result) => new(
        result.Id,
        result.Kind.ToString().ToLowerInvariant(),
        result.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        result.ConversationId,
        result.Text);
}
