namespace Switchboard.Completion.Evaluation;

/// <summary>The kinds of masked text a case can have.</summary>
public static class CaseKinds
{
    /// <summary>A whole line after its indentation: the cursor is at the start of the code on an otherwise empty line.</summary>
    public const string Line = "line";

    /// <summary>The rest of a line from a token boundary inside it.</summary>
    public const string LineEnd = "line-end";

    /// <summary>A whole block body (2 to 10 lines) after its opener; the cursor is on the empty first line.</summary>
    public const string Block = "block";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } = [Line, LineEnd, Block];
}
