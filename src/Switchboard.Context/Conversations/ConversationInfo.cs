namespace Switchboard.Context.Conversations;

/// <summary>A stored conversation's header: what a list of sessions shows.</summary>
public sealed record ConversationInfo
{
    /// <summary>Time-ordered id (a version 7 GUID in hex).</summary>
    public required string Id { get; init; }

    /// <summary>A title, when one was given.</summary>
    public string? Title { get; init; }

    /// <summary>The <c>provider/model</c> the conversation is held with.</summary>
    public required string Model { get; init; }

    /// <summary>The workspace (folder) it belongs to, when any.</summary>
    public string? Workspace { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Messages stored.</summary>
    public int MessageCount { get; init; }

    /// <summary>The context meter after the last request: tokens used (null before the first).</summary>
    public long? UsedTokens { get; init; }

    /// <summary>The context meter after the last request: the window it was measured against.</summary>
    public long? WindowTokens { get; init; }

    /// <summary>Whether the last request was compacted.</summary>
    public bool Compacted { get; init; }
}
