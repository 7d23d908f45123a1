namespace Switchboard.Tools;

/// <summary>One line of a hunk, without its line break.</summary>
/// <param name="Kind">Context, removed or added.</param>
/// <param name="Text">The line's text; a carriage return before the line feed is kept, as diff(1) keeps it.</param>
/// <param name="NoNewlineAtEnd">The line is the last of its text and has no line break after it (diff's
/// <c>\ No newline at end of file</c>).</param>
public readonly record struct DiffLine(DiffLineKind Kind, string Text, bool NoNewlineAtEnd = false)
{
    /// <summary>The marker that starts the line in a unified diff.</summary>
    public char Marker => Kind switch
    {
        DiffLineKind.Removed => '-',
        DiffLineKind.Added => '+',
        _ => ' ',
    };
}
