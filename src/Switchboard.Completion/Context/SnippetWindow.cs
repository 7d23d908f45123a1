namespace Switchboard.Completion.Context;

/// <summary>A run of lines of a document and the set of identifiers in it, compared by Jaccard similarity.</summary>
internal sealed record SnippetWindow(int StartLine, int WindowLines, string Text, HashSet<string> Identifiers)
{
    /// <summary>Cuts <paramref name="text"/> into windows of <paramref name="windowLines"/> lines every <paramref name="step"/> lines.</summary>
    public static IReadOnlyList<SnippetWindow> Cut(string text, int windowLines, int step)
    {
        var lines = text.Split('\n');
        var windows = new List<SnippetWindow>();
        for (var start = 0; start < lines.Length; start += step)
        {
            var end = Math.Min(lines.Length, start + windowLines);
            var windowText = string.Join('\n', lines, start, end - start);
            var identifiers = IdentifierSet.Of(windowText);
            if (identifiers.Count > 0)
            {
                windows.Add(new SnippetWindow(start, windowLines, windowText, identifiers));
            }

            if (end == lines.Length)
            {
                break;
            }
        }

        return windows;
    }
}
