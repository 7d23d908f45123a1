using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Switchboard.Completion.CSharp;

/// <summary>
/// Every C# file of a workspace parsed (syntax only: no compilation, no references, so it stays fast and works on
/// code that does not build) into its declarations, found by simple name. Each file's syntax tree is kept and
/// re-parsed incrementally from the span that changed, so a keystroke in a 5,000-line file costs a small reparse,
/// not a full one. Thread-safe.
/// </summary>
public sealed class CSharpWorkspaceIndex
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None);

    private readonly Dictionary<string, ParsedFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CSharpDeclaration>> _byName = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many files are indexed.</summary>
    public int FileCount
    {
        get
        {
            lock (_lock)
            {
                return _files.Count;
            }
        }
    }

    /// <summary>Parses <paramref name="text"/> as the new content of <paramref name="path"/> and re-indexes its declarations.</summary>
    public void Update(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        var tree = GetTree(path, text);
        var declarations = Declarations(tree, path);
        lock (_lock)
        {
            RemoveDeclarations(path);
            foreach (var declaration in declarations)
            {
                if (!_byName.TryGetValue(declaration.Name, out var list))
                {
                    _byName[declaration.Name] = list = [];
                }

                list.Add(declaration);
            }

            _files[path] = _files[path] with { Declarations = declarations };
        }
    }

    /// <summary>Forgets a file.</summary>
    public void Remove(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            RemoveDeclarations(path);
            _files.Remove(path);
        }
    }

    /// <summary>The declarations named <paramref name="name"/>, types first.</summary>
    public IReadOnlyList<CSharpDeclaration> Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            return _byName.TryGetValue(name, out var list) ? [.. list.OrderByDescending(d => d.IsType)] : [];
        }
    }

    /// <summary>
    /// The syntax tree of <paramref name="text"/>: the cached one when the text is unchanged, an incremental reparse
    /// of the changed span when the file was parsed before, a fresh parse otherwise. The result is cached for
    /// <paramref name="path"/> without re-indexing its declarations (a completion request need not pay for that).
    /// </summary>
    public SyntaxTree GetTree(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ParsedFile? previous;
        lock (_lock)
        {
            previous = _files.GetValueOrDefault(path);
        }

        if (previous is not null && (ReferenceEquals(previous.Text, text) || string.Equals(previous.Text, text, StringComparison.Ordinal)))
        {
            return previous.Tree;
        }

        var tree = previous is null ? Parse(text, path) : Reparse(previous, text);
        lock (_lock)
        {
            _files[path] = new ParsedFile(text, tree, previous?.Declarations ?? []);
        }

        return tree;
    }

    /// <summary>Parses text that belongs to no workspace file (a document the editor never opened).</summary>
    public static SyntaxTree Parse(string text, string path = "") =>
        CSharpSyntaxTree.ParseText(SourceText.From(text), ParseOptions, path);

    private static SyntaxTree Reparse(ParsedFile previous, string text)
    {
        // The edit is the span between the common start and the common end of old and new text; Roslyn then reuses
        // every node outside it. Without an explicit change Roslyn would treat unrelated SourceText objects as one
        // whole-document change.
        var old = previous.Text.AsSpan();
        var now = text.AsSpan();
        var start = old.CommonPrefixLength(now);
        var maxEnd = Math.Min(old.Length, now.Length) - start;
        var end = 0;
        while (end < maxEnd && old[old.Length - 1 - end] == now[now.Length - 1 - end])
        {
            end++;
        }

        var change = new TextChange(new TextSpan(start, old.Length - end - start), text.Substring(start, now.Length - end - start));
        var oldSource = previous.Tree.GetText();
        return previous.Tree.WithChangedText(oldSource.WithChanges(change));
    }

    private static List<CSharpDeclaration> Declarations(SyntaxTree tree, string path)
    {
        var declarations = new List<CSharpDeclaration>();
        var root = tree.GetRoot();

        // Only type and member declarations matter; method bodies are never entered.
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax type:
                    declarations.Add(new CSharpDeclaration(type.Identifier.Text, CSharpSignatures.TypeSummary(type), path, IsType: true));
                    break;
                case DelegateDeclarationSyntax @delegate:
                    declarations.Add(new CSharpDeclaration(@delegate.Identifier.Text, CSharpSignatures.Member(@delegate)!, path, IsType: true));
                    break;
                case MemberDeclarationSyntax member when member.Parent is TypeDeclarationSyntax container && Name(member) is { } name
                    && CSharpSignatures.Member(member) is { } signature:
                    declarations.Add(new CSharpDeclaration(name, $"{container.Identifier.Text}: {signature}", path, IsType: false));
                    break;
            }
        }

        return declarations;
    }

    private static string? Name(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        PropertyDeclarationSyntax p => p.Identifier.Text,
        EventDeclarationSyntax e => e.Identifier.Text,
        FieldDeclarationSyntax { Declaration.Variables: [var only] } => only.Identifier.Text,
        _ => null,
    };

    private void RemoveDeclarations(string path)
    {
        if (!_files.TryGetValue(path, out var file))
        {
            return;
        }

        foreach (var declaration in file.Declarations)
        {
            if (_byName.TryGetValue(declaration.Name, out var list) && list.Remove(declaration) && list.Count == 0)
            {
                _byName.Remove(declaration.Name);
            }
        }
    }

    private sealed record ParsedFile(string Text, SyntaxTree Tree, IReadOnlyList<CSharpDeclaration> Declarations);
}
