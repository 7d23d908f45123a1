namespace Switchboard.LanguageServer.Protocol;

/// <summary><c>textDocument/didClose</c>.</summary>
public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);
