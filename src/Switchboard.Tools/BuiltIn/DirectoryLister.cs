using System.Text;

namespace Switchboard.Tools;

/// <summary><c>list_dir</c>: the entries of one folder, folders marked with a trailing <c>/</c>.</summary>
internal sealed class DirectoryLister(Workspace workspace)
{
    public const int MaxEntries = 500;

    public string List(string path)
    {
        var full = workspace.ResolvePath(path);
        if (File.Exists(full))
        {
            throw new ToolFailureException($"'{path}' is a file, not a directory; use read_file to read it.");
        }

        if (!Directory.Exists(full))
        {
            throw new ToolFailureException($"Directory not found: '{path}'.");
        }

        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(full).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolFailureException($"Could not list '{path}': {ex.Message}", ex);
        }

        if (entries.Length == 0)
        {
            return $"(empty directory: '{path}')";
        }

        var names = entries.Select(Describe).Order(StringComparer.Ordinal).ToList();
        var output = new StringBuilder();
        foreach (var name in names.Take(MaxEntries))
        {
            output.Append(name).Append('\n');
        }

        if (names.Count > MaxEntries)
        {
            output.Append($"[... {names.Count - MaxEntries} more entries not shown; use glob to narrow down]\n");
        }

        return output.ToString();
    }

    private static string Describe(FileSystemInfo entry)
    {
        var name = entry is DirectoryInfo ? entry.Name + "/" : entry.Name;
        if (entry is FileInfo && FileKindProbe.Of(entry.FullName) is var kind && FileKindProbe.IsSpecial(kind))
        {
            // The model should know not to read it.
            name += $" [{FileKindProbe.Tag(kind)}]";
        }

        return entry.LinkTarget is { } target ? $"{name} -> {target}" : name;
    }
}
