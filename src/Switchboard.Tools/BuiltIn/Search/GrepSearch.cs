using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Switchboard.Tools;

/// <summary>
/// <c>grep</c>: lines matching a regular expression, as <c>path:line: text</c>. Folders are searched the way
/// ripgrep does by default: .gitignore honoured, binary files and links skipped.
/// </summary>
internal sealed class GrepSearch(Workspace workspace)
{
    public const int MaxMatches = 200;

    public const int MaxLineChars = 300;

    /// <summary>Larger files are skipped in folder searches (generated data, logs); name one to search it.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Per line: a catastrophic-backtracking pattern must fail, not hang the agent.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public string Search(string pattern, string path, string? glob, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new ToolFailureException("The search pattern is empty.");
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ToolFailureException($"'{pattern}' is not a valid .NET regular expression: {ex.Message}", ex);
        }

        var full = workspace.ResolvePath(path);
        var kind = FileKindProbe.Of(full);
        if (FileKindProbe.IsSpecial(kind))
        {
            throw RegularFiles.NotRegular(path, kind, "grep searches");
        }

        IEnumerable<WorkspaceFile> files;
        var namedFile = kind == FileKind.Regular;
        if (namedFile)
        {
            files = [new WorkspaceFile(full, workspace.ToRelative(full), IsLink: false)];
        }
        else if (kind == FileKind.Directory)
        {
            files = WorkspaceWalker.EnumerateFiles(workspace, full, respectGitIgnore: true, cancellationToken)
                .Where(f => !f.IsLink);
            if (!string.IsNullOrWhiteSpace(glob))
            {
                files = FilterByGlob(files, full, glob);
            }
        }
        else
        {
            throw new ToolFailureException($"Path not found: '{path}'.");
        }

        var output = new StringBuilder();
        var matches = 0;
        var skippedBinary = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = SearchFile(file, regex, output, MaxMatches - matches, namedFile, cancellationToken);
            if (result < 0)
            {
                skippedBinary++;
                continue;
            }

            matches += result;
            if (matches >= MaxMatches)
            {
                output.Append($"[stopped at {MaxMatches} matches; narrow the pattern, path or glob]\n");
                break;
            }
        }

        if (matches == 0)
        {
            var where = namedFile ? $"'{path}'" : $"'{path}' (files ignored by .gitignore are not searched)";
            if (namedFile && skippedBinary > 0)
            {
                throw new ToolFailureException($"'{path}' looks like a binary file (it has a NUL byte in its first 8 KB); grep searches text only.");
            }

            return $"No matches for /{pattern}/ in {where}.";
        }

        return output.ToString();
    }

    /// <summary>A glob without a slash matches a file name at any depth (<c>*.cs</c>), as in ripgrep.</summary>
    private static IEnumerable<WorkspaceFile> FilterByGlob(IEnumerable<WorkspaceFile> files, string searchRoot, string glob)
    {
        var normalized = glob.Replace('\\', '/').TrimStart('/');
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(normalized.Contains('/', StringComparison.Ordinal) ? normalized : "**/" + normalized);
        foreach (var file in files)
        {
            if (matcher.Match(searchRoot, file.FullPath).HasMatches)
            {
                yield return file;
            }
        }
    }

    /// <summary>Appends up to <paramref name="budget"/> matches; returns how many, or -1 for a skipped binary file.</summary>
    private static int SearchFile(
        WorkspaceFile file, Regex regex, StringBuilder output, int budget, bool named, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if ((!named && stream.Length > MaxFileBytes) || TextFile.LooksBinary(stream))
            {
                return -1;
            }

            using var reader = new StreamReader(stream, TextFile.Utf8, detectEncodingFromByteOrderMarks: true);
            var found = 0;
            var lineNumber = 0;
            while (found < budget && reader.ReadLine() is { } line)
            {
                lineNumber++;
                if ((lineNumber & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                bool isMatch;
                try
                {
                    isMatch = regex.IsMatch(line);
                }
                catch (RegexMatchTimeoutException ex)
                {
                    throw new ToolFailureException(
                        $"The pattern took over {MatchTimeout.TotalSeconds:0} s on {file.RelativePath}:{lineNumber}; " +
                        "simplify it (avoid nested quantifiers such as (a+)+).", ex);
                }

                if (isMatch)
                {
                    var text = line.Length > MaxLineChars ? line[..MaxLineChars] + " [...]" : line;
                    output.Append(file.RelativePath).Append(':').Append(lineNumber).Append(": ").Append(text.Trim()).Append('\n');
                    found++;
                }
            }

            return found;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file that vanished or cannot be read mid-walk is not worth failing the whole search for.
            return 0;
        }
    }
}
