namespace Switchboard.Tools;

/// <summary>A file met on a walk: its full path, its path relative to the root, and whether it is a link.</summary>
internal readonly record struct WorkspaceFile(string FullPath, string RelativePath, bool IsLink);
