namespace Switchboard.Tools;

/// <summary>
/// A file as it was before the first change a turn made to it: its bytes and permissions, or that it did not exist
/// (and which folders were created to hold it).
/// </summary>
public sealed class FileCheckpoint
{
    internal FileCheckpoint(string path, string fullPath, byte[]? originalContent, UnixFileMode? originalMode, IReadOnlyList<string> createdDirectories)
    {
        Path = path;
        FullPath = fullPath;
        Existed = originalContent is not null;
        OriginalContent = originalContent ?? [];
        OriginalMode = originalMode;
        CreatedDirectories = createdDirectories;
    }

    /// <summary>The path relative to the workspace, as the tool call named it.</summary>
    public string Path { get; }

    /// <summary>Where the file is (links expanded): what is restored or deleted.</summary>
    public string FullPath { get; }

    /// <summary>Whether the file existed before the turn; if not, undo deletes it.</summary>
    public bool Existed { get; }

    /// <summary>The bytes before the turn's first change (empty when the file did not exist).</summary>
    public ReadOnlyMemory<byte> OriginalContent { get; }

    /// <summary>The permissions before the change (Unix only).</summary>
    public UnixFileMode? OriginalMode { get; }

    /// <summary>Folders the turn created for a new file, deepest first; undo removes those left empty.</summary>
    public IReadOnlyList<string> CreatedDirectories { get; }
}
