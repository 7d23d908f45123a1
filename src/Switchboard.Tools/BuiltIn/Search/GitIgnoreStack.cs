namespace Switchboard.Tools;

/// <summary>
/// The .gitignore files in force at one folder of a walk, shallowest first. Across all of them the last matching
/// line decides, so a deeper file overrides a shallower one, as in git.
/// </summary>
internal sealed class GitIgnoreStack
{
    public static readonly GitIgnoreStack Empty = new([]);

    private readonly GitIgnoreFile[] _files;

    private GitIgnoreStack(GitIgnoreFile[] files) => _files = files;

    public GitIgnoreStack Push(GitIgnoreFile? file) =>
        file is null || file.Patterns.Count == 0 ? this : new GitIgnoreStack([.. _files, file]);

    /// <summary>Whether a path (relative to the workspace root, forward slashes) is ignored.</summary>
    /// <remarks>Files inside an ignored folder are never asked about: the walk does not enter it, which is also
    /// why git cannot re-include a file whose folder is excluded.</remarks>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        var ignored = false;
        foreach (var file in _files)
        {
            string local;
            if (file.BaseDirectory.Length == 0)
            {
                local = relativePath;
            }
            else if (relativePath.Length > file.BaseDirectory.Length
                && relativePath.StartsWith(file.BaseDirectory, StringComparison.Ordinal)
                && relativePath[file.BaseDirectory.Length] == '/')
            {
                local = relativePath[(file.BaseDirectory.Length + 1)..];
            }
            else
            {
                continue;
            }

            foreach (var pattern in file.Patterns)
            {
                // Only a rule that could change the answer needs to be tried.
                if (pattern.Negated == ignored && pattern.IsMatch(local, isDirectory))
                {
                    ignored = !pattern.Negated;
                }
            }
        }

        return ignored;
    }
}
