namespace Switchboard.LanguageServer.Protocol;

/// <summary>How documents are synchronised: open/close notifications and incremental changes (kind 2).</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change);
