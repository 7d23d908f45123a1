namespace Switchboard.LanguageServer.Protocol;

/// <summary>Names a document by URI.</summary>
public sealed record TextDocumentIdentifier(string Uri);
