namespace Switchboard.Tools;

/// <summary>
/// What edit_file or write_file will write, worked out and checked but not written: shown for approval as a diff,
/// then applied, with its old state kept for undo.
/// </summary>
/// <param name="Path">The path as the call gave it.</param>
/// <param name="DisplayPath">The path relative to the workspace, normalised (for diffs and undo messages).</param>
/// <param name="TargetPath">Where the bytes go, links expanded.</param>
/// <param name="OriginalBytes">The file's bytes now; null when it does not exist yet.</param>
/// <param name="OriginalText">Those bytes as text; null when the file is new or binary.</param>
/// <param name="NewText">The content to write (without the byte order mark).</param>
/// <param name="HasBom">Whether a UTF-8 byte order mark goes first, as it did in the file.</param>
/// <param name="NewDirectories">Folders the write will create, deepest first.</param>
/// <param name="Summary">What the tool tells the model once the change is made.</param>
internal sealed record PlannedFileChange(
    string Path,
    string DisplayPath,
    string TargetPath,
    byte[]? OriginalBytes,
    string? OriginalText,
    string NewText,
    bool HasBom,
    IReadOnlyList<string> NewDirectories,
    string Summary)
{
    /// <summary>The change as a unified diff.</summary>
    public UnifiedDiff ToDiff() => OriginalBytes is not null && OriginalText is null
        ? UnifiedDiff.ForBinary(DisplayPath)
        : UnifiedDiff.Create(DisplayPath, OriginalText, NewText);
}
