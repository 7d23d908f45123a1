using Switchboard.Completion.CSharp;
using Switchboard.Completion.Languages;
using Switchboard.Completion.Workspace;

namespace Switchboard.Completion.Context;

/// <summary>Assembles the <see cref="CodeContext"/> of a cursor within the token budget.</summary>
internal static class ContextBuilder
{
    /// <summary>Characters after the cursor on its line that still count as the end of the line (closers, separators).</summary>
    private const string LineEndCharacters = ")]}\"'`;,: \t\r";

    public static CodeContext Build(
        string path,
        string text,
        int offset,
        CompletionWorkspace? workspace,
        ContextBudget budget,
        SnippetOptions snippetOptions,
        int maxSignatures)
    {
        var language = LanguageCatalog.FromPath(path);
        var lineStart = TextLines.LineStart(text, offset);
        var lineEnd = TextLines.LineEnd(text, offset);
        var linePrefix = text[lineStart..offset];
        var lineSuffix = text[offset..lineEnd];
        var isMidLine = lineSuffix.AsSpan().TrimStart(LineEndCharacters).Length > 0;
        var allowsMultiLine = lineSuffix.Trim().Length == 0 && StartsBlock(text, lineStart, linePrefix, language);

        // Suffix first: it has a cap; what it leaves goes to the prefix.
        var suffixBudget = (int)(budget.MaxPromptTokens * budget.SuffixShare);
        var suffix = TakeLinesFromStart(text.AsSpan(offset), TokenEstimator.Characters(suffixBudget));
        var contextBudget = (int)(budget.MaxPromptTokens * budget.ContextShare);

        CSharpCursorContext? csharp = null;
        IReadOnlyList<ScopeHeader> scopes;
        IReadOnlyList<string> imports;
        if (language == LanguageCatalog.CSharp)
        {
            csharp = CSharpContextProvider.Analyze(path, text, offset, workspace?.CSharpIndex, maxSignatures);
            scopes = csharp.Scopes;
            imports = csharp.Usings;
        }
        else
        {
            scopes = ScopeFinder.Find(text, offset, language);
            imports = language.ImportLine is { } pattern ? ImportLines(text, offset, pattern) : [];
        }

        // A first guess of where the prefix starts decides which scopes and imports it already shows.
        var prefixBudget = budget.MaxPromptTokens - TokenEstimator.Estimate(suffix) - contextBudget;
        var provisionalStart = offset - TakeLinesFromEnd(text.AsSpan(0, offset), TokenEstimator.Characters(prefixBudget)).Length;

        var used = 0;
        var keptScopes = Fit(scopes.Where(s => s.Offset < provisionalStart), s => s.Text, contextBudget, ref used);
        var keptImports = Fit(imports.Where(i => text.IndexOf(i, provisionalStart, offset - provisionalStart, StringComparison.Ordinal) < 0), i => i, contextBudget, ref used);
        var keptSignatures = Fit(csharp?.Signatures ?? [], s => s, contextBudget, ref used);
        var snippets = SnippetRetriever.Find(workspace, path, text.AsSpan(0, offset), snippetOptions);
        var keptSnippets = Fit(snippets, s => s.Text + s.FilePath, contextBudget, ref used);

        // The prefix takes everything the others left.
        prefixBudget = budget.MaxPromptTokens - TokenEstimator.Estimate(suffix) - used;
        var prefix = TakeLinesFromEnd(text.AsSpan(0, offset), TokenEstimator.Characters(prefixBudget));

        return new CodeContext
        {
            Language = language,
            FilePath = path,
            DocumentText = text,
            CursorOffset = offset,
            Prefix = prefix.ToString(),
            Suffix = suffix.ToString(),
            LinePrefix = linePrefix,
            LineSuffix = lineSuffix,
            IsMidLine = isMidLine,
            AllowsMultiLine = allowsMultiLine,
            Scopes = keptScopes,
            Imports = keptImports,
            Signatures = keptSignatures,
            Snippets = keptSnippets,
            CSharpTree = csharp?.Tree,
            EstimatedTokens = TokenEstimator.Estimate(prefix) + TokenEstimator.Estimate(suffix) + used,
        };
    }

    /// <summary>An empty line right after a block opener, or the end of an opener line.</summary>
    private static bool StartsBlock(string text, int lineStart, string linePrefix, LanguageDefinition language)
    {
        var trimmed = linePrefix.Trim();
        if (trimmed.Length > 0)
        {
            return language.OpensBlock(trimmed);
        }

        var position = lineStart;
        while (position > 0)
        {
            var start = TextLines.LineStart(text, position - 1);
            var line = text.AsSpan(start, position - 1 - start).Trim();
            if (line.Length > 0)
            {
                return language.OpensBlock(line.ToString());
            }

            position = start;
        }

        // The first line of a file starts a block of its own.
        return true;
    }

    private static List<string> ImportLines(string text, int offset, System.Text.RegularExpressions.Regex pattern)
    {
        var lines = new List<string>();
        foreach (var line in text.AsSpan(0, offset).EnumerateLines())
        {
            if (line.Length > 0 && line.Length < 300 && pattern.IsMatch(line))
            {
                lines.Add(line.Trim().ToString());
            }
        }

        return lines;
    }

    private static List<T> Fit<T>(IEnumerable<T> items, Func<T, string> text, int budget, ref int used)
    {
        var kept = new List<T>();
        foreach (var item in items)
        {
            var cost = TokenEstimator.Estimate(text(item)) + 2;
            if (used + cost <= budget)
            {
                kept.Add(item);
                used += cost;
            }
        }

        return kept;
    }

    /// <summary>The longest run of whole lines from the start within <paramref name="maxCharacters"/> (at least the rest of the first line).</summary>
    private static ReadOnlySpan<char> TakeLinesFromStart(ReadOnlySpan<char> text, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text;
        }

        var cut = text[..maxCharacters].LastIndexOf('\n');
        if (cut < 0)
        {
            var firstEnd = text.IndexOf('\n');
            return firstEnd < 0 ? text : text[..firstEnd];
        }

        return text[..cut];
    }

    /// <summary>The longest run of whole lines ending at the cursor within <paramref name="maxCharacters"/> (at least the cursor line).</summary>
    private static ReadOnlySpan<char> TakeLinesFromEnd(ReadOnlySpan<char> text, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text;
        }

        var window = text[^maxCharacters..];
        var cut = window.IndexOf('\n');
        if (cut < 0)
        {
            var lineStart = text.LastIndexOf('\n') + 1;
            return text[lineStart..];
        }

        return window[(cut + 1)..];
    }
}
