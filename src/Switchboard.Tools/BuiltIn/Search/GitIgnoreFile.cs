namespace Switchboard.Tools;

/// <summary>The rules of one .gitignore, and the folder (relative to the workspace root) they apply below.</summary>
internal sealed class GitIgnoreFile
{
    private GitIgnoreFile(string baseDirectory, IReadOnlyList<GitIgnorePattern> patterns)
    {
        BaseDirectory = baseDirectory;
        Patterns = patterns;
    }

    /// <summary>Relative to the workspace root with forward slashes; empty for the root.</summary>
    public string BaseDirectory { get; }

    public IReadOnlyList<GitIgnorePattern> Patterns { get; }

    public static GitIgnoreFile Parse(string baseDirectory, IEnumerable<string> lines)
    {
        var patterns = new List<GitIgnorePattern>();
        foreach (var line in lines)
        {
            if (GitIgnorePattern.Parse(line) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return new GitIgnoreFile(baseDirectory, patterns);
    }

    /// <summary>Loads a rules file if it exists and can be read; an unreadable one ignores nothing, as with git.</summary>
    public static GitIgnoreFile? TryLoad(string filePath, string baseDirectory)
    {
        try
        {
            return File.Exists(filePath) ? Parse(baseDirectory, File.ReadLines(filePath, TextFile.Utf8)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
