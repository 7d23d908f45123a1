namespace Switchboard.LanguageServer.Protocol;

/// <summary>A position in a document: the parameters of <c>textDocument/inlineCompletion</c> and <c>textDocument/completion</c> this server reads.</summary>
public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);
