using System.Text;

namespace Switchboard.Memory.Search;

/// <summary>
/// Turns free text into an FTS5 MATCH expression: every distinct word quoted (so FTS5 operators and punctuation in
/// the user's text are never syntax) and joined with OR, which BM25 then ranks by how many rare words a memory
/// shares. Very common English words are left out: they match nearly every memory, add nothing to BM25 and make
/// the query slow on a large store.
/// </summary>
internal static class FullTextQuery
{
    private const int MaxTerms = 32;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "did", "do", "does", "for", "from",
        "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
        "or", "our", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we",
        "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
    };

    /// <summary>The MATCH expression, or null when the text has no searchable word.</summary>
    public static string? Build(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = Words(text).Where(w => !StopWords.Contains(w)).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
        if (terms.Count == 0)
        {
            // A query made only of common words ("what was that?") still deserves an answer.
            terms = Words(text).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
        }

        return terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => "\"" + t + "\""));
    }

    /// <summary>Lower-cased runs of letters and digits, the same units FTS5's unicode61 tokenizer indexes.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
