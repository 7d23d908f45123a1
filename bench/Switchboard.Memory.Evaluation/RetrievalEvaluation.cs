using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Evaluation;

/// <summary>
/// The retrieval task: every page's body is remembered as transcript chunks of a "conversation" named after the
/// page; each page's one-line description is then a query, and the right answer is any chunk of that page.
/// Everything goes through the production <see cref="MemoryStore"/> and its search.
/// </summary>
internal static class RetrievalEvaluation
{
    /// <summary>Results looked at per query: a page not found by then scores 0 for MRR.</summary>
    public const int Depth = 100;

    /// <summary>Remembers the pages in a new store at <paramref name="databasePath"/> and waits until all are embedded.</summary>
    public static async Task BuildAsync(
        IReadOnlyList<ManPage> pages, string databasePath, IEmbeddingGenerator<string, Embedding<float>> generator,
        int chunkWords, int maxChunksPerPage, CancellationToken cancellationToken)
    {
        await using var store = await OpenAsync(databasePath, generator, chunkWords, 60, cancellationToken).ConfigureAwait(false);
        var overlap = OverlapFor(chunkWords);
        var maxWords = (maxChunksPerPage * (chunkWords - overlap)) + overlap;
        foreach (var page in pages)
        {
            store.AddTranscript(page.Name, Truncate(page.Body, maxWords));
        }

        await store.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a built store with a given fusion constant.</summary>
    public static Task<MemoryStore> OpenAsync(
        string databasePath, IEmbeddingGenerator<string, Embedding<float>> generator, int chunkWords, int reciprocalRankConstant, CancellationToken cancellationToken) =>
        MemoryStore.OpenAsync(
            new MemoryStoreOptions
            {
                DatabasePath = databasePath,
                ChunkWords = chunkWords,
                ChunkOverlapWords = OverlapFor(chunkWords),
                ReciprocalRankConstant = reciprocalRankConstant,
                EmbeddingBatchSize = 32,
            },
            generator,
            cancellationToken: cancellationToken);

    /// <summary>Asks every page's description and scores where its page's first chunk came.</summary>
    public static async Task<RetrievalScore> ScoreAsync(MemoryStore store, IReadOnlyList<ManPage> pages, MemorySearchMode mode, string name, CancellationToken cancellationToken)
    {
        var found = 0;
        var reciprocalRanks = 0.0;
        foreach (var page in pages)
        {
            var response = await store.SearchAsync(page.Description, new MemorySearchOptions { Mode = mode, Limit = Depth, ExpandThroughGraph = false }, cancellationToken).ConfigureAwait(false);
            var rank = response.Results.ToList().FindIndex(r => r.ConversationId == page.Name);
            if (rank >= 0)
            {
                reciprocalRanks += 1.0 / (rank + 1);
                found += rank < 5 ? 1 : 0;
            }
        }

        return new RetrievalScore(name, pages.Count, (double)found / pages.Count, reciprocalRanks / pages.Count);
    }

    /// <summary>A fifth of the chunk, as the store's default (32 of 160).</summary>
    public static int OverlapFor(int chunkWords) => chunkWords / 5;

    private static string Truncate(string text, int maxWords)
    {
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && (i == 0 || char.IsWhiteSpace(text[i - 1])) && ++words > maxWords)
            {
                return text[..i].TrimEnd();
            }
        }

        return text;
    }
}
