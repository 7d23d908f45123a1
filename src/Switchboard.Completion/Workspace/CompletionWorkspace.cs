using Switchboard.Completion.CSharp;
using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Workspace;

/// <summary>
/// The files completion may draw context from: documents an editor has open (kept current by the editor's edits),
/// recently closed ones, and files indexed from disk. C# files also feed a <see cref="CSharpWorkspaceIndex"/> of
/// declarations, so signatures of types used near the cursor can be found in other files. Thread-safe: an editor's
/// edits and completion requests arrive concurrently.
/// </summary>
public sealed class CompletionWorkspace
{
    /// <summary>Directories never indexed: build output, dependencies and VCS metadata.</summary>
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", ".git", ".vs", ".idea", "dist", "build", "out", "__pycache__", ".venv", "venv",
    };

    private readonly Dictionary<string, WorkspaceDocument> _documents = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _clock;

    /// <summary>Declarations of every C# file in the workspace.</summary>
    public CSharpWorkspaceIndex CSharpIndex { get; } = new();

    /// <summary>How many documents are known.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _documents.Count;
            }
        }
    }

    /// <summary>Records that an editor opened <paramref name="path"/> with <paramref name="text"/>.</summary>
    public void Open(string path, string text) => Set(path, text, isOpen: true);

    /// <summary>Replaces the text of a document after an edit (opening it if it was unknown).</summary>
    public void Update(string path, string text) => Set(path, text, isOpen: true);

    /// <summary>Records that an editor closed a document; it stays as a recently used file.</summary>
    public void Close(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_lock)
        {
            if (_documents.TryGetValue(path, out var document))
            {
                _documents[path] = new WorkspaceDocument(path, document.Text, document.Touched) { IsOpen = false };
            }
        }
    }

    /// <summary>Forgets a document (deleted from disk).</summary>
    public void Remove(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_lock)
        {
            _documents.Remove(path);
        }

        CSharpIndex.Remove(path);
    }

    /// <summary>The document at <paramref name="path"/>, if known.</summary>
    public WorkspaceDocument? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            return _documents.GetValueOrDefault(path);
        }
    }

    /// <summary>
    /// Reads the source files of known languages under <paramref name="root"/> (build output and dependency folders
    /// skipped), so their declarations and snippets are available before any is opened. Files already opened by an
    /// editor keep the editor's text. Returns how many files were read.
    /// </summary>
    /// <param name="root">The folder to index.</param>
    /// <param name="maxFiles">A bound, so a huge checkout costs a bounded time.</param>
    /// <param name="maxFileBytes">Larger files (generated code, bundles) are skipped.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public int IndexDirectory(string root, int maxFiles = 5000, long maxFileBytes = 1 << 20)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFiles);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The workspace folder '{root}' does not exist.");
        }

        var read = 0;
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(root));
        while (pending.Count > 0 && read < maxFiles)
        {
            var directory = pending.Pop();
            foreach (var sub in SafeEnumerate(() => Directory.EnumerateDirectories(directory)))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in SafeEnumerate(() => Directory.EnumerateFiles(directory)))
            {
                if (read >= maxFiles)
                {
                    break;
                }

                if (LanguageCatalog.FromPath(file) == LanguageCatalog.PlainText || new FileInfo(file).Length > maxFileBytes || Find(file) is { IsOpen: true })
                {
                    continue;
                }

                Set(file, File.ReadAllText(file), isOpen: false);
                read++;
            }
        }

        return read;
    }

    /// <summary>Documents other than <paramref name="exceptPath"/>, most recently used first; open ones before the rest.</summary>
    public IReadOnlyList<WorkspaceDocument> RecentDocuments(string exceptPath, int max)
    {
        ArgumentNullException.ThrowIfNull(exceptPath);
        lock (_lock)
        {
            return _documents.Values
                .Where(d => !string.Equals(d.Path, exceptPath, StringComparison.Ordinal))
                .OrderByDescending(d => d.IsOpen)
                .ThenByDescending(d => d.Touched)
                .Take(max)
                .ToList();
        }
    }

    private void Set(string path, string text, bool isOpen)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        WorkspaceDocument document;
        lock (_lock)
        {
            document = new WorkspaceDocument(path, text, ++_clock) { IsOpen = isOpen };
            _documents[path] = document;
        }

        if (document.Language == LanguageCatalog.CSharp)
        {
            CSharpIndex.Update(path, text);
        }
    }

    private static IEnumerable<string> SafeEnumerate(Func<IEnumerable<string>> enumerate)
    {
        try
        {
            return enumerate().ToList();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // A folder we may not read is skipped, as an editor's file tree would.
            return [];
        }
    }
}
