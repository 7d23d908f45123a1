namespace Switchboard.Tools;

/// <summary>What a line of a unified diff says: unchanged, removed from the old text, or added in the new one.</summary>
public enum DiffLineKind
{
    /// <summary>The same in both (<c>' '</c>).</summary>
    Context,

    /// <summary>Only in the old text (<c>'-'</c>).</summary>
    Removed,

    /// <summary>Only in the new text (<c>'+'</c>).</summary>
    Added,
}
