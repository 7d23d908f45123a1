namespace Switchboard.LanguageServer.Protocol;

/// <summary>One inline suggestion: <see cref="InsertText"/> replaces <see cref="Range"/> (empty, at the cursor).</summary>
public sealed record InlineCompletionItem(string InsertText, Range Range);
