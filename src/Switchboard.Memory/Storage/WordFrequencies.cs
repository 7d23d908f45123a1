using Dapper;
using Microsoft.Data.Sqlite;
using Switchboard.Memory.Search;

namespace Switchboard.Memory.Storage;

/// <summary>
/// How many memories contain each word (lower-cased, unstemmed, as <see cref="FullTextQuery.Words"/> cuts them),
/// kept by the writer beside the full-text index. FTS5 scores every memory that matches any query word, so a word
/// found in most memories (a project's own name in every one of its memories) makes a query scan them all for a
/// word that barely moves BM25; knowing the counts lets <see cref="FullTextQuery"/> leave such words out. FTS5's
/// own vocabulary table counts by reading each word's whole posting list, which costs what it is meant to save.
/// </summary>
internal static class WordFrequencies
{
    public static Task AddAsync(SqliteConnection connection, SqliteTransaction transaction, string text) =>
        connection.ExecuteAsync(
            "INSERT INTO memory_words (word, docs) VALUES (@Word, 1) ON CONFLICT (word) DO UPDATE SET docs = docs + 1",
            DistinctWords(text).Select(word => new { Word = word }), transaction);

    public static async Task RemoveAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> texts)
    {
        var counts = texts.SelectMany(DistinctWords).CountBy(word => word, StringComparer.Ordinal);
        await connection.ExecuteAsync(
            "UPDATE memory_words SET docs = docs - @Count WHERE word = @Word",
            counts.Select(pair => new { Word = pair.Key, Count = pair.Value }), transaction).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM memory_words WHERE docs <= 0", transaction: transaction).ConfigureAwait(false);
    }

    /// <summary>The memory counts of <paramref name="words"/> (words in no memory are absent) and the number of memories.</summary>
    public static async Task<(Dictionary<string, long> Counts, long Memories)> LookupAsync(SqliteConnection connection, IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Word, long Docs)>(new CommandDefinition(
            "SELECT word, docs FROM memory_words WHERE word IN @words", new { words }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // max(seq) is read from the end of the primary key at once; count(*) would walk an index. Deleted rows make it
        // an overestimate, which only makes the cut-off a little more lenient.
        var memories = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(seq) FROM memories", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (rows.ToDictionary(r => r.Word, r => r.Docs, StringComparer.Ordinal), memories ?? 0);
    }

    private static IEnumerable<string> DistinctWords(string text) => FullTextQuery.Words(text).Distinct(StringComparer.Ordinal);
}
