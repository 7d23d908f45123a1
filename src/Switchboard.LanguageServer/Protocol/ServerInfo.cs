namespace Switchboard.LanguageServer.Protocol;

/// <summary>The server's name and version, shown by clients.</summary>
public sealed record ServerInfo(string Name, string Version);
