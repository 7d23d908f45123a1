using System.Diagnostics;
using System.Globalization;
using Switchboard.Local;
using Switchboard.Memory;
using Switchboard.Memory.Evaluation;

// Retrieval evaluation on Debian's manual pages: tunes chunk size and the fusion constant on a development set of
// pages, then scores BM25, embeddings and hybrid on a separate test set with the chosen settings.
//   dotnet run -c Release --project bench/Switchboard.Memory.Evaluation -- [--dev 200] [--test 600] [--man /usr/share/man]
var settings = EvaluationSettings.Parse(args);
var cancellationToken = CancellationToken.None;
var pages = ManPageCorpus.Read(settings.ManDirectory).Take(settings.DevPages + settings.TestPages).ToList();
if (pages.Count < settings.DevPages + settings.TestPages)
{
    Console.Error.WriteLine($"Only {pages.Count} usable manual pages under {settings.ManDirectory}; install man-db and manpages (bench/memory-eval.sh does).");
    return 2;
}

var dev = pages.Take(settings.DevPages).ToList();
var test = pages.Skip(settings.DevPages).ToList();
using var generator = new CachedEmbeddingGenerator(new LocalEmbeddingGenerator());
var work = Path.Combine(Path.GetTempPath(), "switchboard-memory-eval-" + Environment.ProcessId);
Directory.CreateDirectory(work);
var clock = Stopwatch.StartNew();
Console.WriteLine($"Pages: {dev.Count} development, {test.Count} test (each description is one query); model local/{LocalEmbeddingGenerator.DefaultModel}; at most {settings.MaxChunksPerPage} chunks per page.");
Console.WriteLine();

try
{
    var bestChunk = settings.ChunkSizes[0];
    var bestK = settings.Constants[0];
    var bestMrr = -1.0;
    if (dev.Count > 0)
    {
        Console.WriteLine("Development set: MRR of hybrid for each chunk size and k (BM25 and embeddings alone for reference)");
        Console.WriteLine();
        Console.WriteLine($"| chunk words | BM25 | embeddings | {string.Join(" | ", settings.Constants.Select(k => $"k={k}"))} |");
        Console.WriteLine($"|---|---|---|{string.Concat(settings.Constants.Select(_ => "---|"))}");
        foreach (var chunkWords in settings.ChunkSizes)
        {
            var path = Path.Combine(work, $"dev-{chunkWords}.db");
            await RetrievalEvaluation.BuildAsync(dev, path, generator, chunkWords, settings.MaxChunksPerPage, cancellationToken);
            var cells = new List<string>();
            await using (var store = await RetrievalEvaluation.OpenAsync(path, generator, chunkWords, 60, cancellationToken))
            {
                cells.Add(Format((await RetrievalEvaluation.ScoreAsync(store, dev, MemorySearchMode.Keyword, "BM25", cancellationToken)).MeanReciprocalRank));
                cells.Add(Format((await RetrievalEvaluation.ScoreAsync(store, dev, MemorySearchMode.Semantic, "embeddings", cancellationToken)).MeanReciprocalRank));
            }

            foreach (var k in settings.Constants)
            {
                await using var store = await RetrievalEvaluation.OpenAsync(path, generator, chunkWords, k, cancellationToken);
                var score = await RetrievalEvaluation.ScoreAsync(store, dev, MemorySearchMode.Hybrid, "hybrid", cancellationToken);
                cells.Add(Format(score.MeanReciprocalRank));
                if (score.MeanReciprocalRank > bestMrr)
                {
                    (bestMrr, bestChunk, bestK) = (score.MeanReciprocalRank, chunkWords, k);
                }
            }

            Console.WriteLine($"| {chunkWords} | {string.Join(" | ", cells)} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Chosen on the development set: {bestChunk} words per chunk, k = {bestK}.");
        Console.WriteLine();
    }

    var testPath = Path.Combine(work, "test.db");
    await RetrievalEvaluation.BuildAsync(test, testPath, generator, bestChunk, settings.MaxChunksPerPage, cancellationToken);
    var scores = new List<RetrievalScore>();
    await using (var store = await RetrievalEvaluation.OpenAsync(testPath, generator, bestChunk, bestK, cancellationToken))
    {
        scores.Add(await RetrievalEvaluation.ScoreAsync(store, test, MemorySearchMode.Keyword, "BM25 (FTS5)", cancellationToken));
        scores.Add(await RetrievalEvaluation.ScoreAsync(store, test, MemorySearchMode.Semantic, $"embeddings (local/{LocalEmbeddingGenerator.DefaultModel})", cancellationToken));
        scores.Add(await RetrievalEvaluation.ScoreAsync(store, test, MemorySearchMode.Hybrid, $"hybrid (RRF k={bestK})", cancellationToken));
    }

    Console.WriteLine($"Test set: {test.Count} queries, {bestChunk} words per chunk");
    Console.WriteLine();
    Console.WriteLine("| ranking | recall@5 | MRR@100 |");
    Console.WriteLine("|---|---|---|");
    foreach (var score in scores)
    {
        Console.WriteLine($"| {score.Name} | {Format(score.RecallAt5)} | {Format(score.MeanReciprocalRank)} |");
    }

    Console.WriteLine();
    Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0} s.");
    var hybrid = scores[2];
    return hybrid.MeanReciprocalRank > scores[0].MeanReciprocalRank && hybrid.MeanReciprocalRank > scores[1].MeanReciprocalRank ? 0 : 1;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}

static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
