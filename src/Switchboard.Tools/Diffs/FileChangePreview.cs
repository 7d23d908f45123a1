namespace Switchboard.Tools;

/// <summary>The change a file tool call would make: a diff, or why the call would fail.</summary>
/// <param name="Path">The file, relative to the workspace.</param>
/// <param name="Diff">The change; null when the call would fail.</param>
/// <param name="Problem">Why the call would fail (the tool's own message); null when there is a diff.</param>
public sealed record FileChangePreview(string Path, UnifiedDiff? Diff, string? Problem);
