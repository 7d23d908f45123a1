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

    /// <summary>
    /// Words in more than this share of memories are left out (while a rarer query word remains). BM25's IDF for a
    /// word in one memory of twenty is ln(19) = 2.9, against 7 to 10 for a word in a few; FTS5 still has to score
    /// every memory that holds it.
    /// </summary>
    private const double CommonWordShare = 0.05;

    /// <summary>Below this many memories every query is cheap, and a share says little: nothing is left out.</summary>
    public const int MinMemoriesToLeaveWordsOut = 200;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "did", "do", "does", "for", "from",
        "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
        "or", "our", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we",
        "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
    };

    /// <summary>The words of <paramref name="text"/> worth searching for: distinct, without English stop words (unless that leaves none).</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = Words(text).Where(w => !StopWords.Contains(w)).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();

        // A query made only of common words ("what was that?") still deserves an answer.
        return terms.Count > 0 ? terms : Words(text).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
    }

    /// <summary>
    /// The MATCH expression for <paramref name="terms"/>, leaving out words found in more than one in twenty of
    /// <paramref name="memories"/> (per <paramref name="memoryCounts"/>, from <see cref="MinMemoriesToLeaveWordsOut"/>
    /// memories on) unless all are that common; null when there is no term.
    /// </summary>
    public static string? Build(IReadOnlyList<string> terms, IReadOnlyDictionary<string, long>? memoryCounts = null, long memories = 0)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (memoryCounts is not null && memories >= MinMemoriesToLeaveWordsOut)
        {
            var limit = CommonWordShare * memories;
            var selective = terms.Where(t => memoryCounts.GetValueOrDefault(t) <= limit).ToList();
            terms = selective.Count > 0 ? selective : terms;
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
