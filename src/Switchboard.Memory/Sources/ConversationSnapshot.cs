using Switchboard.Memory.Chunking;

namespace Switchboard.Memory.Sources;

/// <summary>A saved conversation as memory takes it from the conversation store: its summary and its transcript.</summary>
public sealed record ConversationSnapshot
{
    /// <summary>The conversation's id in the conversation store.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The workspace (project root) it belongs to; null or empty for none.</summary>
    public string? Workspace { get; init; }

    /// <summary>The conversation's summary, when the store has made one (the knowledge graph is extracted from it).</summary>
    public string? Summary { get; init; }

    /// <summary>The turns, chunked into memories.</summary>
    public IReadOnlyList<ConversationTurn> Turns { get; init; } = [];

    /// <summary>When the conversation last changed; memories are dated with it.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
