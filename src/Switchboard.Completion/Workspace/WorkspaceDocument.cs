using Switchboard.Completion.Context;
using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Workspace;

/// <summary>One file the workspace knows: its text, language and when it was last opened or edited.</summary>
public sealed class WorkspaceDocument
{
    private IReadOnlyList<SnippetWindow>? _windows;

    internal WorkspaceDocument(string path, string text, long touched)
    {
        Path = path;
        Text = text;
        Language = LanguageCatalog.FromPath(path);
        Touched = touched;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>The current text.</summary>
    public string Text { get; }

    /// <summary>The language from the file extension.</summary>
    public LanguageDefinition Language { get; }

    /// <summary>A counter that orders documents by their last open or edit; higher is more recent.</summary>
    public long Touched { get; }

    /// <summary>Whether an editor has the document open (as opposed to indexed from disk or closed).</summary>
    public bool IsOpen { get; internal init; }

    /// <summary>The document cut into overlapping windows with their identifier sets, computed once per text.</summary>
    internal IReadOnlyList<SnippetWindow> Windows(int windowLines, int step) =>
        _windows is { } cached && (cached.Count == 0 || cached[0].WindowLines == windowLines)
            ? cached
            : _windows = SnippetWindow.Cut(Text, windowLines, step);
}
