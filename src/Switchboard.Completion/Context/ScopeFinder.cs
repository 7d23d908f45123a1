using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Context;

/// <summary>
/// The scopes enclosing a cursor, outermost first, for languages without a parser here: the lines holding the
/// brackets still open at the cursor, or for indentation-scoped languages the less-indented lines ending in a colon.
/// </summary>
internal static class ScopeFinder
{
    private const int MaxScopes = 6;

    public static IReadOnlyList<ScopeHeader> Find(string text, int offset, LanguageDefinition language) =>
        language.IndentationScoped ? ByIndentation(text, offset) : ByBrackets(text, offset, language);

    private static List<ScopeHeader> ByBrackets(string text, int offset, LanguageDefinition language)
    {
        var open = BracketScanner.Scan(text.AsSpan(0, offset), language).Unclosed;
        var headers = new List<ScopeHeader>();
        foreach (var (bracket, at) in open)
        {
            // Only braces make scopes worth naming; an open parenthesis is an argument list being written.
            if (bracket != '{')
            {
                continue;
            }

            var start = TextLines.LineStart(text, at);
            var line = text[start..at].Trim();
            if (line.Length == 0 && start > 0)
            {
                // Allman style: the header is the line above the brace.
                var previousStart = TextLines.LineStart(text, start - 1);
                line = text[previousStart..(start - 1)].Trim();
                start = previousStart;
            }

            if (line.Length > 0)
            {
                headers.Add(new ScopeHeader(line, start));
            }
        }

        return headers.Count > MaxScopes ? headers[^MaxScopes..] : headers;
    }

    private static List<ScopeHeader> ByIndentation(string text, int offset)
    {
        var headers = new List<ScopeHeader>();
        var lineStart = TextLines.LineStart(text, offset);
        var current = TextLines.Indentation(text.AsSpan(lineStart, offset - lineStart)).Length;
        if (text.AsSpan(lineStart, offset - lineStart).Trim().Length == 0)
        {
            // On a blank line the cursor's own column is the indentation being written.
            current = offset - lineStart;
        }

        var position = lineStart;
        while (position > 0 && current > 0)
        {
            var start = TextLines.LineStart(text, position - 1);
            var line = text.AsSpan(start, position - 1 - start).TrimEnd();
            position = start;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#"))
            {
                continue;
            }

            var indentation = TextLines.Indentation(line).Length;
            if (indentation < current && line.EndsWith(":"))
            {
                headers.Add(new ScopeHeader(line.Trim().ToString(), start));
                current = indentation;
            }
            else if (indentation < current)
            {
                current = indentation;
            }
        }

        headers.Reverse();
        return headers.Count > MaxScopes ? headers[^MaxScopes..] : headers;
    }
}
