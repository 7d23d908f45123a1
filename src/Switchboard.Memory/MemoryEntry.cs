namespace Switchboard.Memory;

/// <summary>One stored memory, as <c>list</c> and <c>show</c> return it.</summary>
public sealed record MemoryEntry
{
    /// <summary>The memory's id (what <c>show</c> and <c>forget</c> take).</summary>
    public required string Id { get; init; }

    /// <summary>The conversation it came from; null for notes.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The workspace it belongs to; empty for a global memory.</summary>
    public required string Workspace { get; init; }

    /// <summary>Summary, transcript chunk or note.</summary>
    public required MemoryKind Kind { get; init; }

    /// <summary>The remembered text.</summary>
    public required string Text { get; init; }

    /// <summary>When it was remembered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The model of its stored vector (<c>local/all-MiniLM-L6-v2</c>); null until it has been embedded.</summary>
    public string? EmbeddingModel { get; init; }
}
