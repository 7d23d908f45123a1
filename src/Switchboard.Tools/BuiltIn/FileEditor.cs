using System.Globalization;
using System.Text;

namespace Switchboard.Tools;

/// <summary>
/// <c>edit_file</c> and <c>write_file</c>. An edit replaces text that must occur exactly once, so the model has to
/// show it knows the current content; both write through a temporary file and a rename.
/// </summary>
internal sealed class FileEditor(Workspace workspace, FileCheckpointStore? checkpoints)
{
    public const long MaxEditBytes = 10 * 1024 * 1024;

    /// <summary>Lines of each side shown in the edit summary before it is cut.</summary>
    public const int MaxSummaryLines = 40;

    public string Edit(string path, string oldText, string newText) => Apply(PlanEdit(path, oldText, newText), "edit");

    public string Write(string path, string content) => Apply(PlanWrite(path, content), "write");

    /// <summary>Works out what an edit would write, without writing: every check the edit makes happens here.</summary>
    public PlannedFileChange PlanEdit(string path, string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        if (oldText.Length == 0)
        {
            throw new ToolFailureException("old_text is empty; give the exact text to replace (use write_file to create a file).");
        }

        if (oldText == newText)
        {
            throw new ToolFailureException("old_text and new_text are the same; nothing would change.");
        }

        // Writes go to the link's target, so a link inside the workspace stays a link.
        var resolved = workspace.Resolve(path);
        var target = resolved.RealPath;
        switch (FileKindProbe.Of(target))
        {
            case FileKind.Directory:
                throw new ToolFailureException($"'{path}' is a directory, not a file.");
            case FileKind.Missing:
                throw new ToolFailureException($"File not found: '{path}'. Use write_file to create a new file.");
            case var kind when FileKindProbe.IsSpecial(kind):
                throw RegularFiles.NotRegular(path, kind, "edit_file edits");
        }

        var bytes = ReadForChange(path, target, "edit_file");
        if (TextFile.LooksBinary(bytes))
        {
            throw new ToolFailureException($"'{path}' looks like a binary file (it has a NUL byte in its first 8 KB); edit_file edits text only.");
        }

        var hasBom = bytes.AsSpan().StartsWith(TextFile.Utf8Bom);
        string text;
        try
        {
            text = TextFile.StrictUtf8.GetString(bytes.AsSpan(hasBom ? TextFile.Utf8Bom.Length : 0));
        }
        catch (DecoderFallbackException ex)
        {
            throw new ToolFailureException($"'{path}' is not valid UTF-8; edit_file only edits UTF-8 text.", ex);
        }

        var (index, matchedOld, matchedNew) = FindSingle(path, text, oldText, newText);
        var updated = string.Concat(text.AsSpan(0, index), matchedNew, text.AsSpan(index + matchedOld.Length));
        return new PlannedFileChange(
            path, workspace.ToRelative(resolved.FullPath), target, bytes, text, updated, hasBom, [],
            Summarize(path, text, index, matchedOld, matchedNew));
    }

    /// <summary>Works out what a write would do, without writing.</summary>
    public PlannedFileChange PlanWrite(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var resolved = workspace.Resolve(path);
        var target = resolved.RealPath;
        var kind = FileKindProbe.Of(target);
        switch (kind)
        {
            case FileKind.Directory:
                throw new ToolFailureException($"'{path}' is a directory; give a file path.");
            case var _ when FileKindProbe.IsSpecial(kind):
                // Renaming over it would silently replace the pipe or device with a file.
                throw RegularFiles.NotRegular(path, kind, "write_file replaces");
        }

        byte[]? original = null;
        string? originalText = null;
        IReadOnlyList<string> newDirectories = [];
        if (kind == FileKind.Regular)
        {
            // Kept so the change can be shown and undone.
            original = ReadForChange(path, target, "write_file");
            originalText = TextFile.LooksBinary(original) ? null : TextFile.Utf8.GetString(original);
        }
        else
        {
            newDirectories = MissingDirectories(Path.GetDirectoryName(target)!);
        }

        var lines = content.Length == 0 ? 0 : content.Count(c => c == '\n') + (content.EndsWith('\n') ? 0 : 1);
        var size = TextFile.FormatSize(TextFile.Utf8.GetByteCount(content));
        return new PlannedFileChange(
            path, workspace.ToRelative(resolved.FullPath), target, original, originalText, content, HasBom: false, newDirectories,
            $"{(original is null ? "Created" : "Replaced")} '{path}' ({lines} lines, {size}).");
    }

    private string Apply(PlannedFileChange change, string verb)
    {
        try
        {
            checkpoints?.RecordOriginal(new FileCheckpoint(
                change.DisplayPath, change.TargetPath, change.OriginalBytes,
                change.OriginalBytes is null || OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(change.TargetPath),
                change.NewDirectories));
            Directory.CreateDirectory(Path.GetDirectoryName(change.TargetPath)!);
            TextFile.WriteAtomically(change.TargetPath, change.HasBom ? TextFile.Utf8Bom : [], change.NewText);
            return change.Summary;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolFailureException($"Could not {verb} '{change.Path}': {ex.Message}", ex);
        }
    }

    private static byte[] ReadForChange(string path, string target, string tool)
    {
        try
        {
            var length = new FileInfo(target).Length;
            if (length > MaxEditBytes)
            {
                throw new ToolFailureException(
                    $"'{path}' is {TextFile.FormatSize(length)}, over the {TextFile.FormatSize(MaxEditBytes)} limit for {tool} " +
                    "(its old content is kept so the change can be shown and undone).");
            }

            return File.ReadAllBytes(target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolFailureException($"Could not read '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The folders a write would create, deepest first.</summary>
    private static List<string> MissingDirectories(string directory)
    {
        var missing = new List<string>();
        for (var current = directory; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Add(current);
        }

        return missing;
    }

    private static (int Index, string Old, string New) FindSingle(string path, string text, string oldText, string newText)
    {
        var positions = FindAll(text, oldText);

        // Models write "\n"; a CRLF file still matches if only the line endings differ.
        if (positions.Count == 0 && text.Contains("\r\n", StringComparison.Ordinal)
            && oldText.Contains('\n', StringComparison.Ordinal) && !oldText.Contains('\r', StringComparison.Ordinal))
        {
            oldText = oldText.ReplaceLineEndings("\r\n");
            newText = newText.ReplaceLineEndings("\r\n");
            positions = FindAll(text, oldText);
        }

        return positions.Count switch
        {
            1 => (positions[0], oldText, newText),
            0 => throw new ToolFailureException($"old_text was not found in '{path}'. {NoMatchHint(text, oldText)}"),
            _ => throw new ToolFailureException(
                $"old_text matches {positions.Count} times in '{path}' (at lines " +
                $"{string.Join(", ", positions.Take(10).Select(p => LineOf(text, p)))}); " +
                "include more surrounding lines in old_text so it matches exactly once."),
        };
    }

    /// <summary>Every start position, overlapping ones included: "aa" in "aaa" is ambiguous too.</summary>
    private static List<int> FindAll(string text, string value)
    {
        var positions = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            positions.Add(i);
        }

        return positions;
    }

    private static string NoMatchHint(string text, string oldText)
    {
        var trimmed = oldText.Trim();
        if (trimmed.Length > 0 && trimmed.Length < oldText.Length && text.Contains(trimmed, StringComparison.Ordinal))
        {
            return "It does match without its leading/trailing whitespace; copy the text exactly as read_file shows it " +
                "(without the line-number prefix).";
        }

        var firstLine = oldText.Split('\n')[0].Trim();
        if (firstLine.Length > 0)
        {
            var at = text.IndexOf(firstLine, StringComparison.Ordinal);
            if (at >= 0)
            {
                return $"Its first line occurs at line {LineOf(text, at)}, but the rest differs " +
                    "(whitespace, indentation or changed content); read that part of the file again and copy it exactly.";
            }
        }

        return "Read the file again with read_file and copy the text exactly, including whitespace and indentation.";
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    /// <summary>A unified-diff-style hunk over the whole lines the replacement touched.</summary>
    private static string Summarize(string path, string text, int index, string oldText, string newText)
    {
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var matchEnd = index + oldText.Length;
        var lineEnd = text.IndexOf('\n', matchEnd);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var prefix = text[lineStart..index];
        var suffix = text[matchEnd..lineEnd];
        var before = SplitLines(prefix + oldText + suffix);
        var after = SplitLines(prefix + newText + suffix);

        // Lines the replacement left alone at either end are shown as context.
        var head = 0;
        while (head < before.Length && head < after.Length && before[head] == after[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head
            && before[^(tail + 1)] == after[^(tail + 1)])
        {
            tail++;
        }

        var firstLine = LineOf(text, lineStart);
        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture,
            $"Edited '{path}': replaced {before.Length - head - tail} line(s) with {after.Length - head - tail} at line {firstLine + head}.\n");
        output.Append(CultureInfo.InvariantCulture, $"@@ -{firstLine},{before.Length} +{firstLine},{after.Length} @@\n");
        AppendLines(output, ' ', before.AsSpan(0, head));
        AppendLines(output, '-', before.AsSpan(head, before.Length - head - tail));
        AppendLines(output, '+', after.AsSpan(head, after.Length - head - tail));
        AppendLines(output, ' ', before.AsSpan(before.Length - tail));
        return output.ToString();
    }

    private static string[] SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static void AppendLines(StringBuilder output, char marker, ReadOnlySpan<string> lines)
    {
        var shown = Math.Min(lines.Length, MaxSummaryLines);
        foreach (var line in lines[..shown])
        {
            output.Append(marker).Append(line).Append('\n');
        }

        if (lines.Length > shown)
        {
            output.Append(CultureInfo.InvariantCulture, $"{marker}[... {lines.Length - shown} more lines]\n");
        }
    }
}
