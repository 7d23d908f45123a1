namespace Switchboard.LanguageServer.Protocol;

/// <summary>An LSP range, end exclusive.</summary>
public sealed record Range(Position Start, Position End);
