namespace Switchboard.LanguageServer;

/// <summary>A document the client has open: the file path completion sees, its text and version.</summary>
internal sealed record OpenDocument(string Path, string Text, int Version);
