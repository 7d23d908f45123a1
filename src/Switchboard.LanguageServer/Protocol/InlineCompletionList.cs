namespace Switchboard.LanguageServer.Protocol;

/// <summary>The answer to <c>textDocument/inlineCompletion</c>.</summary>
public sealed record InlineCompletionList(IReadOnlyList<InlineCompletionItem> Items);
