namespace Switchboard.Completion.Context;

/// <summary>Code from another file put into the prompt because it resembles the code at the cursor.</summary>
/// <param name="FilePath">Where it comes from.</param>
/// <param name="StartLine">Its first line (0-based) in that file.</param>
/// <param name="Text">The lines.</param>
/// <param name="Similarity">Jaccard similarity of its identifiers to those near the cursor, 0 to 1.</param>
public sealed record CodeSnippet(string FilePath, int StartLine, string Text, double Similarity);
