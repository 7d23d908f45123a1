namespace Switchboard.LanguageServer.Protocol;

/// <summary>A folder of the client's workspace.</summary>
public sealed record WorkspaceFolder(string Uri, string Name);
