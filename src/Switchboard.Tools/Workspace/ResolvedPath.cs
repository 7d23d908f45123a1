namespace Switchboard.Tools;

/// <summary>A path resolved inside the workspace: as named (<see cref="FullPath"/>) and with links expanded.</summary>
internal readonly record struct ResolvedPath(string FullPath, string RealPath);
