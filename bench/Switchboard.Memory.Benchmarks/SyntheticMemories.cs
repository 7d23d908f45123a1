namespace Switchboard.Memory.Benchmarks;

/// <summary>
/// Builds (once, then reuses) a memory file of 100,000 memories: texts of 40 to 120 words drawn from a Zipf
/// distribution over 20,000 words (word frequencies in real text follow Zipf's law, so the full-text index has
/// realistic posting lists: a few very long, most short), spread over 10 workspaces, with random unit vectors.
/// </summary>
internal static class SyntheticMemories
{
    public const int VocabularySize = 20_000;

    public const int Workspaces = 10;

    /// <summary>The file for <paramref name="count"/> memories in the temp folder, built if missing.</summary>
    public static async Task<string> EnsureAsync(int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"switchboard-memory-bench-{count}.db");
        if (File.Exists(path))
        {
            return path;
        }

        var building = path + ".building";
        File.Delete(building);
        await using (var store = await MemoryStore.OpenAsync(new MemoryStoreOptions { DatabasePath = building, EmbeddingBatchSize = 256 }, new RandomUnitEmbeddingGenerator()))
        {
            var random = new Random(42);
            for (var i = 0; i < count; i++)
            {
                store.AddNote(Text(random, random.Next(40, 121)), $"/work/project-{i % Workspaces}");
                if (i % 5000 == 4999)
                {
                    await store.FlushAsync();
                }
            }

            await store.FlushAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(building + suffix))
            {
                File.Move(building + suffix, path + suffix, overwrite: true);
            }
        }

        return path;
    }

    /// <summary>Query texts: 2 to 5 words of the same distribution, so they hit common and rare words alike.</summary>
    public static string[] Queries(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(_ => Text(random, random.Next(2, 6))).ToArray();
    }

    private static string Text(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Word(ZipfRank(random))));

    /// <summary>A rank from 1 to <see cref="VocabularySize"/> with probability proportional to 1 / rank (inverse-CDF approximation).</summary>
    private static int ZipfRank(Random random) =>
        Math.Clamp((int)Math.Exp(random.NextDouble() * Math.Log(VocabularySize + 1)), 1, VocabularySize);

    /// <summary>A pronounceable word per rank ("ka", "kabe", ...), distinct for every rank.</summary>
    private static string Word(int rank)
    {
        const string consonants = "bdfgklmnprstvz";
        const string vowels = "aeiou";
        var chars = new List<char>();
        var n = rank;
        do
        {
            chars.Add(consonants[n % consonants.Length]);
            n /= consonants.Length;
            chars.Add(vowels[n % vowels.Length]);
            n /= vowels.Length;
        }
        while (n > 0);

        return new string(chars.ToArray());
    }
}
