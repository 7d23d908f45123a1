using Switchboard.Completion.Workspace;

namespace Switchboard.Completion.Context;

/// <summary>
/// Picks code from recently opened and edited files that looks like the code before the cursor, the way Copilot's
/// "neighboring tabs" do (https://github.blog/2023-05-17-how-github-copilot-is-getting-better-at-understanding-your-code/):
/// every other document is cut into overlapping windows of lines, each window is scored by the Jaccard similarity of
/// its identifiers with those of the last lines before the cursor, and the best window of each file competes for the
/// prompt. Continue ranks its snippets the same way (core/autocomplete/context/ranking). Weak matches are kept above
/// a low floor: GitHub reported that even loosely related open files raised acceptance.
/// </summary>
internal static class SnippetRetriever
{
    public static IReadOnlyList<CodeSnippet> Find(
        CompletionWorkspace? workspace,
        string currentPath,
        ReadOnlySpan<char> textBeforeCursor,
        SnippetOptions options)
    {
        if (workspace is null || options.MaxSnippets == 0)
        {
            return [];
        }

        var query = IdentifierSet.Of(LastLines(textBeforeCursor, options.WindowLines));
        if (query.Count == 0)
        {
            return [];
        }

        var best = new List<CodeSnippet>();
        foreach (var document in workspace.RecentDocuments(currentPath, options.MaxDocuments))
        {
            CodeSnippet? bestOfFile = null;
            foreach (var window in document.Windows(options.WindowLines, options.WindowStep))
            {
                var similarity = IdentifierSet.Jaccard(query, window.Identifiers);
                if (similarity >= options.MinimumSimilarity && (bestOfFile is null || similarity > bestOfFile.Similarity))
                {
                    bestOfFile = new CodeSnippet(document.Path, window.StartLine, window.Text, similarity);
                }
            }

            if (bestOfFile is not null)
            {
                best.Add(bestOfFile);
            }
        }

        best.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
        return best.Count > options.MaxSnippets ? best[..options.MaxSnippets] : best;
    }

    private static ReadOnlySpan<char> LastLines(ReadOnlySpan<char> text, int lines)
    {
        var count = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '\n' && ++count == lines)
            {
                return text[(i + 1)..];
            }
        }

        return text;
    }
}
