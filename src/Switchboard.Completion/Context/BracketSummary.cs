namespace Switchboard.Completion.Context;

/// <summary>What a bracket scan found: the brackets still open at the end, and how far below zero the depth went.</summary>
/// <param name="Unclosed">Open brackets not closed by the end, outermost first, with their offsets.</param>
/// <param name="LowestDepth">The lowest depth reached (negative when the text closes brackets it did not open).</param>
/// <param name="FirstBelowZero">The offset of the first closer that took the depth below zero, or -1.</param>
/// <param name="Mismatched">Whether a closer met an opener of another kind.</param>
public sealed record BracketSummary(IReadOnlyList<(char Bracket, int Offset)> Unclosed, int LowestDepth, int FirstBelowZero, bool Mismatched)
{
    /// <summary>The depth at the end.</summary>
    public int FinalDepth => Unclosed.Count + (LowestDepth < 0 ? LowestDepth : 0);
}
