namespace Switchboard.Memory.Chunking;

/// <summary>
/// Splits long text into overlapping chunks of about <see cref="ChunkWords"/> words, each a verbatim slice of the
/// input. A chunk ends at a paragraph break, else a sentence end, found in its last quarter, so facts are rarely cut
/// in half; the overlap repeats the end of one chunk at the start of the next for the facts that still are.
/// </summary>
public sealed class TextChunker
{
    /// <param name="chunkWords">Words per chunk at most.</param>
    /// <param name="overlapWords">Words the next chunk repeats; smaller than <paramref name="chunkWords"/>.</param>
    public TextChunker(int chunkWords, int overlapWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkWords, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapWords);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlapWords, chunkWords);
        ChunkWords = chunkWords;
        OverlapWords = overlapWords;
    }

    /// <summary>Words per chunk at most.</summary>
    public int ChunkWords { get; }

    /// <summary>Words the next chunk repeats.</summary>
    public int OverlapWords { get; }

    /// <summary>The chunks of <paramref name="text"/>, in order; none for blank text.</summary>
    public IReadOnlyList<string> Chunk(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = FindWords(text);
        if (words.Count == 0)
        {
            return [];
        }

        var chunks = new List<string>();
        var first = 0;
        while (true)
        {
            var end = Math.Min(first + ChunkWords, words.Count);
            if (end < words.Count)
            {
                end = BreakBefore(text, words, first, end);
            }

            chunks.Add(text[words[first].Start..words[end - 1].End]);
            if (end == words.Count)
            {
                return chunks;
            }

            first = Math.Max(end - OverlapWords, first + 1);
        }
    }

    /// <summary>The chunks of a conversation: each turn as "role: text", turns separated by blank lines.</summary>
    public IReadOnlyList<string> ChunkConversation(IEnumerable<ConversationTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return Chunk(string.Join("\n\n", turns.Where(t => !string.IsNullOrWhiteSpace(t.Text)).Select(t => $"{t.Role}: {t.Text.Trim()}")));
    }

    /// <summary>The exclusive end word of a chunk starting at <paramref name="first"/>: a paragraph break, else a sentence end, in the window's last quarter.</summary>
    private int BreakBefore(string text, List<(int Start, int End)> words, int first, int limit)
    {
        var earliest = Math.Max(first + 1, limit - Math.Max(1, ChunkWords / 4));
        var sentenceEnd = -1;
        for (var i = limit - 1; i >= earliest; i--)
        {
            var gap = text.AsSpan(words[i].End, words[i + 1].Start - words[i].End);
            if (gap.Count('\n') >= 2)
            {
                return i + 1;
            }

            if (sentenceEnd < 0 && text[words[i].End - 1] is '.' or '!' or '?' or ':' or ';')
            {
                sentenceEnd = i + 1;
            }
        }

        return sentenceEnd > 0 ? sentenceEnd : limit;
    }

    private static List<(int Start, int End)> FindWords(string text)
    {
        var words = new List<(int Start, int End)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                words.Add((start, i));
            }
        }

        return words;
    }
}
