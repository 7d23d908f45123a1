namespace Switchboard.LanguageServer.Protocol;

/// <summary>The parts of <c>initialize</c> this server reads: where the workspace is.</summary>
public sealed record InitializeParams(string? RootUri, string? RootPath, IReadOnlyList<WorkspaceFolder>? WorkspaceFolders);
