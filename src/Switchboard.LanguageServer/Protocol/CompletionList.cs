namespace Switchboard.LanguageServer.Protocol;

/// <summary>The answer to <c>textDocument/completion</c>; incomplete, so the client asks again as the user types.</summary>
public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);
