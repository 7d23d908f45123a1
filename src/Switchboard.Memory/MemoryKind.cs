namespace Switchboard.Memory;

/// <summary>Where a memory came from.</summary>
public enum MemoryKind
{
    /// <summary>A summary of a conversation (the input the knowledge graph is extracted from).</summary>
    Summary,

    /// <summary>One chunk of a conversation's transcript.</summary>
    Chunk,

    /// <summary>A note the user (or the model) added by hand.</summary>
    Note,
}
