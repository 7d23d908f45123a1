namespace Switchboard.LanguageServer.Protocol;

/// <summary>An LSP position: 0-based line and UTF-16 column.</summary>
public sealed record Position(int Line, int Character);
