namespace Switchboard.LanguageServer.Protocol;

/// <summary>A document and the version an edit produces.</summary>
public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);
