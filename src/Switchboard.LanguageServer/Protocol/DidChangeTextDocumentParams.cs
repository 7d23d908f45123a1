namespace Switchboard.LanguageServer.Protocol;

/// <summary><c>textDocument/didChange</c>: edits applied in order.</summary>
public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);
