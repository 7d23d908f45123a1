namespace Switchboard.Completion.Context;

/// <summary>
/// The identifiers of a piece of code as a set, the unit of the Jaccard similarity Copilot's neighbouring-tabs
/// retrieval and Continue's snippet ranking use. Keywords every file shares would make unrelated code look alike, so
/// the commonest ones are left out.
/// </summary>
internal static class IdentifierSet
{
    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "if", "else", "for", "foreach", "while", "do", "return", "var", "let", "const", "new", "this", "self", "null",
        "true", "false", "None", "True", "False", "public", "private", "protected", "internal", "static", "void", "int",
        "string", "bool", "class", "def", "function", "import", "from", "using", "in", "is", "not", "and", "or", "the",
        "async", "await", "export", "default", "case", "break", "continue", "try", "catch", "finally", "throw", "raise",
        "readonly", "sealed", "override", "virtual", "abstract", "namespace", "type", "interface", "as", "of", "with",
    };

    public static HashSet<string> Of(ReadOnlySpan<char> text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_');
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                var word = text[start..i];
                if (word.Length > 1 && !char.IsDigit(word[0]))
                {
                    var value = word.ToString();
                    if (!CommonWords.Contains(value))
                    {
                        set.Add(value);
                    }
                }

                start = -1;
            }
        }

        return set;
    }

    /// <summary>|a ∩ b| / |a ∪ b|, 0 when both are empty.</summary>
    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = 0;
        foreach (var word in small)
        {
            if (large.Contains(word))
            {
                shared++;
            }
        }

        return (double)shared / (a.Count + b.Count - shared);
    }
}
