namespace Switchboard.Tools;

/// <summary>
/// Walks the files below a folder of the workspace in a stable (ordinal) order. It never enters <c>.git</c> or a
/// linked folder (a link may lead outside the workspace, or round in a cycle), and can honour .gitignore files.
/// Only regular files (and links to them) are yielded.
/// </summary>
internal static class WorkspaceWalker
{
    private const string GitDirectory = ".git";

    public static IEnumerable<WorkspaceFile> EnumerateFiles(
        Workspace workspace, string startFullPath, bool respectGitIgnore, CancellationToken cancellationToken)
    {
        var startRelative = startFullPath == workspace.Root ? string.Empty : workspace.ToRelative(startFullPath);
        var ignores = respectGitIgnore ? LoadAncestors(workspace, startRelative) : GitIgnoreStack.Empty;
        return Walk(startFullPath, startRelative, ignores, respectGitIgnore, cancellationToken);
    }

    /// <summary>
    /// The rules in force above the starting folder: .git/info/exclude and each .gitignore from the root down.
    /// The starting folder is searched even if those rules ignore it, since it was asked for by name.
    /// </summary>
    private static GitIgnoreStack LoadAncestors(Workspace workspace, string startRelative)
    {
        var stack = GitIgnoreStack.Empty.Push(
            GitIgnoreFile.TryLoad(Path.Join(workspace.Root, GitDirectory, "info", "exclude"), string.Empty));
        if (startRelative.Length == 0)
        {
            return stack;
        }

        stack = stack.Push(GitIgnoreFile.TryLoad(Path.Join(workspace.Root, ".gitignore"), string.Empty));
        var segments = startRelative.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var relative = string.Join('/', segments[..i]);
            stack = stack.Push(GitIgnoreFile.TryLoad(Path.Join(workspace.Root, relative, ".gitignore"), relative));
        }

        return stack;
    }

    private static IEnumerable<WorkspaceFile> Walk(
        string fullPath, string relativePath, GitIgnoreStack ignores, bool respectGitIgnore, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (respectGitIgnore)
        {
            ignores = ignores.Push(GitIgnoreFile.TryLoad(Path.Join(fullPath, ".gitignore"), relativePath));
        }

        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(fullPath).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            if (entry.Name == GitDirectory)
            {
                continue;
            }

            var childRelative = relativePath.Length == 0 ? entry.Name : relativePath + "/" + entry.Name;
            var isLink = entry.LinkTarget is not null;
            if (entry is DirectoryInfo)
            {
                if (isLink || ignores.IsIgnored(childRelative, isDirectory: true))
                {
                    continue;
                }

                foreach (var file in Walk(entry.FullName, childRelative, ignores, respectGitIgnore, cancellationToken))
                {
                    yield return file;
                }
            }
            else if (!ignores.IsIgnored(childRelative, isDirectory: false)
                && !FileKindProbe.IsSpecial(FileKindProbe.Of(entry.FullName)))
            {
                // Named pipes, sockets and devices are never yielded: reading one could block the walk for ever.
                yield return new WorkspaceFile(entry.FullName, childRelative, isLink);
            }
        }
    }
}
