using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Context;

/// <summary>
/// Counts (), [] and {} outside strings and comments. A lexer per language would be exact; this scanner knows the
/// comment and string forms the supported languages share, which is enough to find the open scopes at a cursor and to
/// tell whether a candidate leaves its brackets balanced.
/// </summary>
public static class BracketScanner
{
    /// <summary>Scans <paramref name="text"/> as code of <paramref name="language"/>.</summary>
    public static BracketSummary Scan(ReadOnlySpan<char> text, LanguageDefinition language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var stack = new List<(char, int)>();
        var depthBelowZero = 0;
        var lowest = 0;
        var firstBelowZero = -1;
        var mismatched = false;
        var cStyleComments = !language.HashComments;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (language.HashComments && c == '#')
            {
                i = SkipToLineEnd(text, i);
                continue;
            }

            if (cStyleComments && c == '/' && i + 1 < text.Length)
            {
                if (text[i + 1] == '/')
                {
                    i = SkipToLineEnd(text, i);
                    continue;
                }

                if (text[i + 1] == '*')
                {
                    var close = text[(i + 2)..].IndexOf("*/");
                    i = close < 0 ? text.Length : i + 2 + close + 1;
                    continue;
                }
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    i = SkipString(text, i, language);
                    break;
                case '(' or '[' or '{':
                    stack.Add((c, i));
                    break;
                case ')' or ']' or '}':
                    if (stack.Count > 0)
                    {
                        mismatched |= stack[^1].Item1 != Opener(c);
                        stack.RemoveAt(stack.Count - 1);
                    }
                    else
                    {
                        depthBelowZero--;
                        if (depthBelowZero < lowest)
                        {
                            lowest = depthBelowZero;
                            if (firstBelowZero < 0)
                            {
                                firstBelowZero = i;
                            }
                        }
                    }

                    break;
            }
        }

        return new BracketSummary(stack, lowest, firstBelowZero, mismatched);
    }

    /// <summary>The closer of an opening bracket.</summary>
    public static char Closer(char opener) => opener switch
    {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        _ => throw new ArgumentOutOfRangeException(nameof(opener), opener, "Not an opening bracket."),
    };

    private static char Opener(char closer) => closer switch
    {
        ')' => '(',
        ']' => '[',
        _ => '{',
    };

    private static int SkipToLineEnd(ReadOnlySpan<char> text, int i)
    {
        var newline = text[i..].IndexOf('\n');
        return newline < 0 ? text.Length : i + newline;
    }

    private static int SkipString(ReadOnlySpan<char> text, int start, LanguageDefinition language)
    {
        var quote = text[start];

        // Python triple quotes span lines.
        if (language.IndentationScoped && start + 2 < text.Length && text[start + 1] == quote && text[start + 2] == quote)
        {
            var close = text[(start + 3)..].IndexOf(stackalloc char[] { quote, quote, quote });
            return close < 0 ? text.Length : start + 3 + close + 2;
        }

        // C# verbatim strings: @"..." with "" as the escape.
        var verbatim = quote == '"' && start > 0 && text[start - 1] == '@';
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && !verbatim)
            {
                i++;
                continue;
            }

            if (c == quote)
            {
                if (verbatim && i + 1 < text.Length && text[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return i;
            }

            // Only template literals and verbatim strings span lines; an unclosed quote ends at its line (a char
            // literal, an apostrophe in a comment we did not recognise).
            if (c == '\n' && quote != '`' && !verbatim)
            {
                return i;
            }
        }

        return text.Length;
    }
}
