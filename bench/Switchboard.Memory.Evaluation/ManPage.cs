namespace Switchboard.Memory.Evaluation;

/// <summary>One manual page as plain text: its one-line description (the query) and the rest (the memories).</summary>
/// <param name="Name">The page's file name without <c>.gz</c>, e.g. <c>ls.1</c>.</param>
/// <param name="Description">The NAME line's text after the dash, e.g. "list directory contents".</param>
/// <param name="Body">Every section but NAME, as plain text with blank lines between paragraphs.</param>
internal sealed record ManPage(string Name, string Description, string Body);
