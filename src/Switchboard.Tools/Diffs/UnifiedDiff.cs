using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace Switchboard.Tools;

/// <summary>
/// The difference between two versions of a file as a unified diff (<c>diff -u</c>): headers, then hunks of changed
/// lines with three lines of context. Built to be shown before a change is approved, and read by people.
/// </summary>
/// <remarks>
/// The line matching is DiffPlex's (a maintained Myers diff); the hunks and the text are made here, because DiffPlex's
/// own unidiff renderer counts the final line break as an extra empty line, numbers a new file's old side from 1
/// instead of 0, and drops "No newline at end of file". Lines are compared with their line breaks, so a file whose
/// only change is CRLF to LF, or a missing final newline, still shows as changed.
/// </remarks>
public sealed class UnifiedDiff
{
    /// <summary>The number of unchanged lines shown on each side of a change.</summary>
    public const int DefaultContextLines = 3;

    private UnifiedDiff(string path, bool isNewFile, bool isBinary, IReadOnlyList<DiffHunk> hunks)
    {
        Path = path;
        IsNewFile = isNewFile;
        IsBinary = isBinary;
        Hunks = hunks;
        AddedLines = hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Added));
        RemovedLines = hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Removed));
    }

    /// <summary>The file's path as the headers show it (relative to the workspace, forward slashes).</summary>
    public string Path { get; }

    /// <summary>The file did not exist before: its old side is <c>/dev/null</c>.</summary>
    public bool IsNewFile { get; }

    /// <summary>The old content is binary, so no lines are shown, only that it is replaced.</summary>
    public bool IsBinary { get; }

    public IReadOnlyList<DiffHunk> Hunks { get; }

    public int AddedLines { get; }

    public int RemovedLines { get; }

    /// <summary>Whether the two versions differ at all.</summary>
    public bool HasChanges => IsBinary || Hunks.Count > 0;

    /// <summary>The diff between <paramref name="before"/> (null: the file did not exist) and <paramref name="after"/>.</summary>
    public static UnifiedDiff Create(string path, string? before, string after, int contextLines = DefaultContextLines)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegative(contextLines);
        var result = Differ.Instance.CreateDiffs(before ?? "", after, ignoreWhiteSpace: false, ignoreCase: false, LineEndingsPreservingChunker.Instance);
        var operations = new List<(DiffLineKind Kind, int Old, int New)>();
        int oldIndex = 0, newIndex = 0;
        foreach (var block in result.DiffBlocks)
        {
            while (oldIndex < block.DeleteStartA)
            {
                operations.Add((DiffLineKind.Context, oldIndex++, newIndex++));
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                operations.Add((DiffLineKind.Removed, oldIndex++, newIndex));
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                operations.Add((DiffLineKind.Added, oldIndex, newIndex++));
            }
        }

        while (oldIndex < result.PiecesOld.Count)
        {
            operations.Add((DiffLineKind.Context, oldIndex++, newIndex++));
        }

        return new UnifiedDiff(path, before is null, isBinary: false, GroupIntoHunks(operations, result.PiecesOld, result.PiecesNew, contextLines));
    }

    /// <summary>A diff that only says a binary file is replaced by text: its lines would mean nothing to a reader.</summary>
    public static UnifiedDiff ForBinary(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new UnifiedDiff(path, isNewFile: false, isBinary: true, []);
    }

    /// <summary>The diff as text, as <c>diff -u</c> writes it (empty when nothing changes).</summary>
    public override string ToString()
    {
        if (IsBinary)
        {
            return $"Binary file a/{Path} is replaced by text\n";
        }

        if (Hunks.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append(IsNewFile ? "--- /dev/null\n" : $"--- a/{Path}\n").Append($"+++ b/{Path}\n");
        foreach (var hunk in Hunks)
        {
            text.Append(hunk.Header).Append('\n');
            foreach (var line in hunk.Lines)
            {
                text.Append(line.Marker).Append(line.Text).Append('\n');
                if (line.NoNewlineAtEnd)
                {
                    text.Append("\\ No newline at end of file\n");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Cuts the edit script into hunks: each change with its context, changes closer than twice the context merged.</summary>
    private static List<DiffHunk> GroupIntoHunks(
        List<(DiffLineKind Kind, int Old, int New)> operations, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, int context)
    {
        var hunks = new List<DiffHunk>();
        var i = 0;
        while (i < operations.Count)
        {
            if (operations[i].Kind == DiffLineKind.Context)
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                // end is a change; look for the next change within reach of its context.
                var next = end + 1;
                while (next < operations.Count && operations[next].Kind == DiffLineKind.Context && next - end <= 2 * context)
                {
                    next++;
                }

                if (next < operations.Count && operations[next].Kind != DiffLineKind.Context)
                {
                    end = next;
                    continue;
                }

                break;
            }

            var stop = Math.Min(operations.Count, end + context + 1);
            hunks.Add(CreateHunk(operations, start, stop, oldLines, newLines));
            i = stop;
        }

        return hunks;
    }

    private static DiffHunk CreateHunk(
        List<(DiffLineKind Kind, int Old, int New)> operations, int start, int stop, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var lines = new List<DiffLine>(stop - start);
        int oldCount = 0, newCount = 0;
        for (var i = start; i < stop; i++)
        {
            var (kind, oldIndex, newIndex) = operations[i];
            var piece = kind == DiffLineKind.Added ? newLines[newIndex] : oldLines[oldIndex];
            var hasBreak = piece.EndsWith('\n');
            lines.Add(new DiffLine(kind, hasBreak ? piece[..^1] : piece, !hasBreak));
            oldCount += kind == DiffLineKind.Added ? 0 : 1;
            newCount += kind == DiffLineKind.Removed ? 0 : 1;
        }

        var first = operations[start];

        // An empty side is numbered by the line before it.
        return new DiffHunk(
            oldCount == 0 ? first.Old : first.Old + 1, oldCount,
            newCount == 0 ? first.New : first.New + 1, newCount, lines);
    }
}
