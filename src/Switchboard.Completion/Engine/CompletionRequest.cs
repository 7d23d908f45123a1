using Switchboard.Completion.Workspace;

namespace Switchboard.Completion.Engine;

/// <summary>Where to complete: a document's text and a cursor, as an editor knows them.</summary>
/// <param name="FilePath">The document's path (its extension gives the language).</param>
/// <param name="Text">The document's current text.</param>
/// <param name="Line">The cursor line, 0-based.</param>
/// <param name="Column">The cursor column in UTF-16 code units, 0-based (LSP positions).</param>
public sealed record CompletionRequest(string FilePath, string Text, int Line, int Column)
{
    /// <summary>The workspace to draw context from (other files, the C# index); none for a lone document.</summary>
    public CompletionWorkspace? Workspace { get; init; }

    /// <summary>How many candidates to return at most (and to sample).</summary>
    public int CandidateCount { get; init; } = 3;
}
