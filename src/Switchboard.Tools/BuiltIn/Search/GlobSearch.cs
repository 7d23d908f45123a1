using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Switchboard.Tools;

/// <summary><c>glob</c>: files whose path relative to the workspace root matches a pattern such as <c>src/**/*.cs</c>.</summary>
/// <remarks>.gitignore is not applied here, so ignored files (build output, dependencies) stay findable by name.</remarks>
internal sealed class GlobSearch(Workspace workspace)
{
    public const int MaxResults = 1000;

    /// <summary>Stops a walk through a huge tree (a stray node_modules) from taking minutes.</summary>
    public const int MaxFilesScanned = 200_000;

    public string Find(string pattern, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ToolFailureException("The glob pattern is empty.");
        }

        var normalized = pattern.Replace('\\', '/');
        if (normalized.StartsWith('/') || Path.IsPathRooted(pattern) || normalized.Split('/').Contains(".."))
        {
            throw new ToolFailureException(
                $"Glob pattern '{pattern}' must be relative to the workspace root and must not contain '..'.");
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(normalized);

        var scanned = new List<string>();
        var truncatedScan = false;
        foreach (var file in WorkspaceWalker.EnumerateFiles(workspace, workspace.Root, respectGitIgnore: false, cancellationToken))
        {
            if (scanned.Count == MaxFilesScanned)
            {
                truncatedScan = true;
                break;
            }

            scanned.Add(file.FullPath);
        }

        var matches = matcher.Match(workspace.Root, scanned).Files
            .Select(f => f.Path)
            .Order(StringComparer.Ordinal)
            .ToList();

        if (matches.Count == 0)
        {
            return truncatedScan
                ? $"No files match '{pattern}' among the first {MaxFilesScanned} files scanned."
                : $"No files match '{pattern}'.";
        }

        var output = new StringBuilder();
        foreach (var match in matches.Take(MaxResults))
        {
            output.Append(match).Append('\n');
        }

        if (matches.Count > MaxResults)
        {
            output.Append($"[... {matches.Count - MaxResults} more matches not shown; use a narrower pattern]\n");
        }

        if (truncatedScan)
        {
            output.Append($"[stopped scanning after {MaxFilesScanned} files; results may be incomplete]\n");
        }

        return output.ToString();
    }
}
