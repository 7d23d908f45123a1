namespace Switchboard.Memory;

/// <summary>One search request beyond its query text.</summary>
public sealed record MemorySearchOptions
{
    /// <summary>The largest number of results a search may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Which memories are searched; <see cref="MemoryScope.All"/> when null.</summary>
    public MemoryScope? Scope { get; init; }

    /// <summary>How many results at most (1 to <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Which rankings are fused.</summary>
    public MemorySearchMode Mode { get; init; } = MemorySearchMode.Hybrid;

    /// <summary>Whether a query naming a known entity also brings the memories of its graph neighbours (hybrid only).</summary>
    public bool ExpandThroughGraph { get; init; } = true;

    /// <summary>Only memories of these kinds; all kinds when null.</summary>
    public IReadOnlySet<MemoryKind>? Kinds { get; init; }
}
