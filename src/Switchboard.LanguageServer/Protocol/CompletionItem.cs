namespace Switchboard.LanguageServer.Protocol;

/// <summary>One item of a completion list.</summary>
/// <param name="Label">What the list shows: the first line of the suggestion.</param>
/// <param name="Kind">1 (Text): the suggestion is free text, not a symbol.</param>
/// <param name="Detail">Where it comes from.</param>
/// <param name="SortText">Keeps the engine's ranking.</param>
/// <param name="FilterText">The word at the cursor plus the suggestion, so client-side filtering keeps it.</param>
/// <param name="TextEdit">Replaces the word at the cursor with itself plus the suggestion.</param>
/// <param name="InsertTextFormat">1 (plain text): no snippet placeholders.</param>
public sealed record CompletionItem(string Label, int Kind, string Detail, string SortText, string FilterText, TextEdit TextEdit, int InsertTextFormat = 1);
