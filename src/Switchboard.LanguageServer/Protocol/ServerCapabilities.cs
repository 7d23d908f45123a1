namespace Switchboard.LanguageServer.Protocol;

/// <summary>What this server offers: document sync, completion items and inline completions (LSP 3.18).</summary>
public sealed record ServerCapabilities(TextDocumentSyncOptions TextDocumentSync, CompletionOptions CompletionProvider, bool InlineCompletionProvider);
