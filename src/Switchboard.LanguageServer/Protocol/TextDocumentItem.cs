namespace Switchboard.LanguageServer.Protocol;

/// <summary>A document as opened: URI, language, version and full text.</summary>
public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);
