namespace Switchboard.Memory;

/// <summary>
/// Which memories a read sees. A workspace scope sees that workspace's memories and the global ones (notes added
/// outside any workspace, such as "I prefer tabs"); <see cref="All"/> sees every workspace.
/// </summary>
public sealed class MemoryScope
{
    private MemoryScope(string? workspace) => Workspace = workspace;

    /// <summary>Every memory of every workspace.</summary>
    public static MemoryScope All { get; } = new(null);

    /// <summary>Only memories stored without a workspace.</summary>
    public static MemoryScope Global { get; } = new(string.Empty);

    /// <summary>The workspace this scope is limited to (besides global memories); null for <see cref="All"/>, empty for <see cref="Global"/>.</summary>
    public string? Workspace { get; }

    /// <summary>True when the scope is not limited to a workspace.</summary>
    public bool IsAll => Workspace is null;

    /// <summary>The memories of <paramref name="workspace"/> (a project root path, or any name the host uses) and the global ones.</summary>
    /// <exception cref="ArgumentException">The workspace is empty or whitespace.</exception>
    public static MemoryScope ForWorkspace(string workspace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        return new MemoryScope(MemoryWorkspace.Normalize(workspace));
    }

    /// <summary>Whether a memory stored under <paramref name="workspace"/> (empty for global) is visible in this scope.</summary>
    public bool Includes(string workspace) => Workspace is null || workspace.Length == 0 || string.Equals(workspace, Workspace, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Workspace switch
    {
        null => "all workspaces",
        "" => "global",
        _ => $"workspace {Workspace}",
    };
}
