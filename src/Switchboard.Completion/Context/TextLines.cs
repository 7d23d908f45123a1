namespace Switchboard.Completion.Context;

/// <summary>Line and column arithmetic on a document, in the units editors speak (LSP: 0-based lines, UTF-16 columns).</summary>
public static class TextLines
{
    /// <summary>The offset of (<paramref name="line"/>, <paramref name="column"/>) in <paramref name="text"/>.</summary>
    /// <remarks>A column past the end of its line means the end of the line, as LSP specifies for positions.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The line is negative or past the last line, or the column is negative.</exception>
    public static int ToOffset(string text, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        var offset = 0;
        for (var current = 0; current < line; current++)
        {
            var newline = text.IndexOf('\n', offset);
            if (newline < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(line), line, $"The document has {current + 1} line(s); line {line} (0-based) does not exist.");
            }

            offset = newline + 1;
        }

        var end = text.IndexOf('\n', offset);
        if (end < 0)
        {
            end = text.Length;
        }
        else if (end > offset && text[end - 1] == '\r')
        {
            end--;
        }

        return Math.Min(offset + column, end);
    }

    /// <summary>The (line, column) of an offset.</summary>
    public static (int Line, int Column) ToPosition(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, text.Length);
        var line = 0;
        var lineStart = 0;
        for (var i = text.IndexOf('\n'); i >= 0 && i < offset; i = text.IndexOf('\n', i + 1))
        {
            line++;
            lineStart = i + 1;
        }

        return (line, offset - lineStart);
    }

    /// <summary>The start offset of the line that holds <paramref name="offset"/>.</summary>
    public static int LineStart(string text, int offset) => offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;

    /// <summary>The end offset (before any line break) of the line that holds <paramref name="offset"/>.</summary>
    public static int LineEnd(string text, int offset)
    {
        var end = text.IndexOf('\n', offset);
        if (end < 0)
        {
            return text.Length;
        }

        return end > offset && text[end - 1] == '\r' ? end - 1 : end;
    }

    /// <summary>The leading whitespace of a line.</summary>
    public static string Indentation(ReadOnlySpan<char> line)
    {
        var count = 0;
        while (count < line.Length && line[count] is ' ' or '\t')
        {
            count++;
        }

        return line[..count].ToString();
    }
}
