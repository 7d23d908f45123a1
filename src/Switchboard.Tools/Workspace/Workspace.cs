namespace Switchboard.Tools;

/// <summary>
/// The one folder the workspace tools may touch. Every path a model gives is resolved here, and refused when it is
/// absolute, climbs out with <c>..</c>, or reaches outside through a symbolic link.
/// </summary>
/// <remarks>
/// The check resolves links when the path is resolved; a link swapped in between the check and the use is not
/// caught. That race needs a process already able to write into the workspace, which is outside what this guards.
/// </remarks>
public sealed class Workspace
{
    // Linux stops at 40 hops (ELOOP); a cycle must end as a clear refusal, not a stack overflow.
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _realRoot;

    /// <summary>Creates a workspace rooted at an existing folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public Workspace(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Workspace folder '{full}' does not exist.");
        }

        Root = full;

        // The root itself may sit below a link (/tmp on macOS); targets are compared with its real location.
        var hops = 0;
        _realRoot = ResolveReal(full, ref hops) ?? full;
    }

    /// <summary>The full path of the workspace folder.</summary>
    public string Root { get; }

    /// <summary>
    /// Resolves a path relative to the workspace root into a full path inside it.
    /// </summary>
    /// <param name="relative">A path relative to the root; empty or <c>.</c> is the root itself.</param>
    /// <returns>The full path (links not expanded).</returns>
    /// <exception cref="WorkspacePathException">The path is absolute, escapes with <c>..</c>, or goes through a
    /// symbolic link whose target lies outside the workspace.</exception>
    public string ResolvePath(string relative) => Resolve(relative).FullPath;

    /// <summary>The path of <paramref name="fullPath"/> relative to the root, with forward slashes.</summary>
    public string ToRelative(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var relative = Path.GetRelativePath(Root, fullPath);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Resolves a path; also returns its real location (every link expanded), where writes should go.</summary>
    internal ResolvedPath Resolve(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var requested = relative.Length == 0 ? "." : relative;

        if (requested.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspacePathException(requested, "it contains a NUL character");
        }

        if (Path.IsPathRooted(requested) || requested == "~" || requested.StartsWith("~/", StringComparison.Ordinal))
        {
            throw new WorkspacePathException(
                requested, "absolute paths are not allowed; give a path relative to the workspace root");
        }

        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(Root, requested)));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new WorkspacePathException(requested, $"it is not a valid path ({ex.Message})");
        }

        if (!IsWithin(full, Root))
        {
            throw new WorkspacePathException(requested, "'..' leads outside the workspace");
        }

        var hops = 0;
        var real = ResolveReal(full, ref hops)
            ?? throw new WorkspacePathException(requested, "it goes through too many levels of symbolic links");
        if (!IsWithin(real, _realRoot))
        {
            throw new WorkspacePathException(
                requested, "it goes through a symbolic link to a location outside the workspace");
        }

        return new ResolvedPath(full, real);
    }

    private static bool IsWithin(string path, string root)
    {
        if (path.Equals(root, PathComparison))
        {
            return true;
        }

        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>
    /// The path with every link expanded, component by component, like realpath(3) but tolerant of a missing tail
    /// (a file about to be created). <c>..</c> is applied to the real prefix, as the kernel does.
    /// Returns null when links nest deeper than <see cref="MaxLinkHops"/>.
    /// </summary>
    private static string? ResolveReal(string path, ref int hops)
    {
        var current = Path.GetPathRoot(path);
        if (string.IsNullOrEmpty(current))
        {
            return path;
        }

        var parts = path[current.Length..].Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var candidate = Path.Join(current, part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            // A relative target is relative to the folder holding the link, which is already real here.
            var resolved = ResolveReal(Path.IsPathRooted(target) ? target : Path.Join(current, target), ref hops);
            if (resolved is null)
            {
                return null;
            }

            current = resolved;
        }

        return current;
    }
}
