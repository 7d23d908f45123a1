using System.Globalization;
using System.Text;

namespace Switchboard.Tools;

/// <summary><c>read_file</c>: a text file, or a range of its lines, with line numbers.</summary>
internal sealed class FileReader(Workspace workspace)
{
    /// <summary>Larger files are read only by line range, so one call cannot flood the context window.</summary>
    public const long MaxWholeFileBytes = 1024 * 1024;

    public const int MaxLines = 2000;

    /// <summary>Minified code can put a whole file on one line; such a line is cut, not the rest of the output.</summary>
    public const int MaxLineChars = 2000;

    public string Read(string path, int? startLine, int? endLine, CancellationToken cancellationToken)
    {
        if (startLine < 1 || endLine < 1)
        {
            throw new ToolFailureException("Line numbers start at 1; start_line and end_line must be 1 or more.");
        }

        if (endLine < startLine)
        {
            throw new ToolFailureException($"end_line ({endLine}) is before start_line ({startLine}).");
        }

        var full = workspace.ResolvePath(path);
        switch (FileKindProbe.Of(full))
        {
            case FileKind.Directory:
                throw new ToolFailureException($"'{path}' is a directory; use list_dir to see what is in it.");
            case FileKind.Missing:
                throw new ToolFailureException($"File not found: '{path}'. Use list_dir or glob to find the right path.");
            case var kind when FileKindProbe.IsSpecial(kind):
                throw RegularFiles.NotRegular(path, kind, "read_file reads");
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (TextFile.LooksBinary(stream))
            {
                throw new ToolFailureException(
                    $"'{path}' looks like a binary file (it has a NUL byte in its first 8 KB); read_file shows text only.");
            }

            var hasRange = startLine is not null || endLine is not null;
            if (!hasRange && stream.Length > MaxWholeFileBytes)
            {
                throw new ToolFailureException(
                    $"'{path}' is {TextFile.FormatSize(stream.Length)}, over the {TextFile.FormatSize(MaxWholeFileBytes)} " +
                    "limit for reading a whole file. Read part of it with start_line and end_line, or search it with grep.");
            }

            using var reader = new StreamReader(stream, TextFile.Utf8, detectEncodingFromByteOrderMarks: true);
            return Format(path, reader, startLine ?? 1, endLine ?? int.MaxValue, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolFailureException($"Could not read '{path}': {ex.Message}", ex);
        }
    }

    private static string Format(string path, StreamReader reader, int first, int last, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var lineNumber = 0;
        var shown = 0;
        var capped = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if ((lineNumber & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (lineNumber < first)
            {
                continue;
            }

            if (lineNumber > last)
            {
                break;
            }

            if (shown == MaxLines)
            {
                capped = true;
                break;
            }

            output.Append(CultureInfo.InvariantCulture, $"{lineNumber,6}\t");
            if (line.Length > MaxLineChars)
            {
                output.Append(line.AsSpan(0, MaxLineChars))
                    .Append(CultureInfo.InvariantCulture, $" [... line cut, {line.Length - MaxLineChars} more characters]");
            }
            else
            {
                output.Append(line);
            }

            output.Append('\n');
            shown++;
        }

        if (lineNumber == 0)
        {
            return $"(empty file: '{path}')";
        }

        if (shown == 0)
        {
            throw new ToolFailureException($"start_line {first} is past the end of '{path}', which has {lineNumber} lines.");
        }

        if (capped)
        {
            output.Append(CultureInfo.InvariantCulture,
                $"[output capped at {MaxLines} lines; continue with start_line={first + shown}]\n");
        }

        return output.ToString();
    }
}
