using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Memory.Search;
using Switchboard.Memory.Sources;
using Xunit;

namespace Switchboard.Memory.Tests;

public sealed class MemoryStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ANoteIsFoundAndTheResponseSerializesAsTheCliPrintsIt()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var id = store.AddNote("The billing service runs on port 8080.");
        await store.FlushAsync(Token);

        var response = await store.SearchAsync("billing port", MemoryScope.All, 5, Token);

        var hit = Assert.Single(response.Results);
        Assert.Equal(id, hit.Id);
        Assert.Equal(MemoryKind.Note, hit.Kind);
        var json = JsonSerializer.Serialize(response, MemoryJsonContext.Default.MemorySearchResponse);
        using var document = JsonDocument.Parse(json);
        var result = Assert.Single(document.RootElement.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal(["id", "text", "score"], result.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(id, result.GetProperty("id").GetString());
        Assert.True(result.GetProperty("score").GetDouble() > 0);
    }

    [Fact]
    public async Task ConversationIdIsPrintedForConversationMemories()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        store.AddSummary("conv-1", "We chose PostgreSQL for the billing service.");
        await store.FlushAsync(Token);

        var response = await store.SearchAsync("billing", MemoryScope.All, 5, Token);

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(response, MemoryJsonContext.Default.MemorySearchResponse));
        Assert.Equal("conv-1", document.RootElement.GetProperty("results")[0].GetProperty("conversation_id").GetString());
    }

    [Fact]
    public async Task MeaningIsFoundWithoutSharedWordsOnlyByEmbeddings()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var kitten = store.AddNote("A kitten is resting on a rug.");
        store.AddNote("Quarterly revenue grew in Europe.");
        await store.FlushAsync(Token);

        var keyword = await store.SearchAsync("cat sat mat", new MemorySearchOptions { Mode = MemorySearchMode.Keyword }, Token);
        var semantic = await store.SearchAsync("cat sat mat", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token);
        var hybrid = await store.SearchAsync("cat sat mat", MemoryScope.All, 5, Token);

        Assert.Empty(keyword.Results);
        Assert.Equal(kitten, semantic.Results[0].Id);
        Assert.Equal(kitten, hybrid.Results[0].Id);
    }

    [Fact]
    public async Task AMemoryFoundByBothRankingsBeatsOneFoundByEither()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var both = store.AddNote("The kitten sleeps on the mat in the hall.");
        store.AddNote("A feline resting on a carpet.");
        store.AddNote("The hall mat was bought in 2020.");
        await store.FlushAsync(Token);

        var response = await store.SearchAsync("kitten mat hall", MemoryScope.All, 3, Token);

        Assert.Equal(both, response.Results[0].Id);
        Assert.Equal(3, response.Results.Count);
        Assert.True(response.Results[0].Score > response.Results[1].Score);
    }

    [Fact]
    public async Task RecencyBreaksTiesBetweenEquallyRankedMemories()
    {
        // Each ranking contributes its top memory only: "zebra" is first by keywords, "kitten" first by meaning
        // (the query says "cat"), so both get the same fused score and the newer one must come first.
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator(), candidates: 1);
        store.AddNote("zebra");
        _time.Advance(TimeSpan.FromDays(1));
        var newerKitten = store.AddNote("kitten");
        await store.FlushAsync(Token);
        await using var swapped = await OpenAsync(new ConceptEmbeddingGenerator(), "swapped.db", candidates: 1);
        swapped.AddNote("kitten");
        _time.Advance(TimeSpan.FromDays(1));
        var newerZebra = swapped.AddNote("zebra");
        await swapped.FlushAsync(Token);

        var first = await store.SearchAsync("zebra cat", new MemorySearchOptions { Limit = 1 }, Token);
        var second = await swapped.SearchAsync("zebra cat", new MemorySearchOptions { Limit = 1 }, Token);

        Assert.Equal(newerKitten, Assert.Single(first.Results).Id);
        Assert.Equal(newerZebra, Assert.Single(second.Results).Id);
    }

    [Fact]
    public async Task AWorkspaceSeesItsOwnAndGlobalMemoriesOnly()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var alpha = store.AddNote("deploy alpha on fridays", "/src/alpha/");
        var beta = store.AddNote("deploy beta on mondays", "/src/beta");
        var global = store.AddNote("deploy nothing during holidays");
        await store.FlushAsync(Token);

        var inAlpha = await store.SearchAsync("deploy", MemoryScope.ForWorkspace("/src/alpha"), 10, Token);
        var inGlobal = await store.SearchAsync("deploy", MemoryScope.Global, 10, Token);
        var everywhere = await store.SearchAsync("deploy", MemoryScope.All, 10, Token);

        Assert.Equal(new[] { alpha, global }.Order(), inAlpha.Results.Select(r => r.Id).Order());
        Assert.Equal([global], inGlobal.Results.Select(r => r.Id));
        Assert.Equal(new[] { alpha, beta, global }.Order(), everywhere.Results.Select(r => r.Id).Order());
        Assert.Equal(new[] { alpha, global }.Order(), (await store.ListAsync(MemoryScope.ForWorkspace("/src/alpha"), cancellationToken: Token)).Select(m => m.Id).Order());
    }

    [Fact]
    public async Task KindsFilterTheResults()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        store.AddNote("release notes are written by hand");
        var summary = store.AddSummary("c1", "release notes are generated from commits");
        await store.FlushAsync(Token);

        var response = await store.SearchAsync("release notes", new MemorySearchOptions { Kinds = new HashSet<MemoryKind> { MemoryKind.Summary } }, Token);

        Assert.Equal([summary], response.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task ALongTranscriptIsStoredAsOverlappingChunks()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator(), chunkWords: 20, overlapWords: 5);
        var words = Enumerable.Range(1, 50).Select(i => $"w{i}").ToList();
        var ids = store.AddTranscript("conv-7", string.Join(' ', words));
        await store.FlushAsync(Token);

        var chunks = (await store.ListAsync(MemoryScope.All, conversationId: "conv-7", cancellationToken: Token)).OrderBy(m => ids.ToList().IndexOf(m.Id)).ToList();

        Assert.Equal(3, ids.Count);
        Assert.All(chunks, c => Assert.Equal(MemoryKind.Chunk, c.Kind));
        Assert.Equal(string.Join(' ', words.Take(20)), chunks[0].Text);
        Assert.StartsWith("w16 ", chunks[1].Text, StringComparison.Ordinal);
        Assert.EndsWith(" w50", chunks[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgettingAMemoryRemovesItsTextVectorAndFullTextEntry()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var id = store.AddNote("The staging database password rotates monthly.");
        var kept = store.AddNote("The staging database lives in Frankfurt.");
        await store.FlushAsync(Token);

        Assert.Equal(1, await store.ForgetAsync(id, Token));
        Assert.Equal(0, await store.ForgetAsync(id, Token));

        Assert.Null(await store.GetAsync(id, Token));
        var keyword = await store.SearchAsync("password rotates", new MemorySearchOptions { Mode = MemorySearchMode.Keyword }, Token);
        var semantic = await store.SearchAsync("staging database password", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token);
        Assert.Empty(keyword.Results);
        Assert.Equal([kept], semantic.Results.Select(r => r.Id));
        Assert.Equal(0, await _directory.CountAsync("SELECT count(*) FROM memory_fts WHERE memory_fts MATCH 'password'"));
        Assert.Equal(1, await _directory.CountAsync("SELECT count(*) FROM memory_vectors"));
    }

    [Fact]
    public async Task ForgettingAConversationRemovesAllItsMemories()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator(), chunkWords: 16, overlapWords: 2);
        store.AddSummary("conv-9", "We debugged the flaky upload test.");
        store.AddTranscript("conv-9", string.Join(' ', Enumerable.Repeat("the upload test timed out again", 10)));
        var other = store.AddNote("upload limits are 10 MB");
        await store.FlushAsync(Token);

        var forgotten = await store.ForgetConversationAsync("conv-9", Token);

        Assert.True(forgotten >= 4, $"forgot {forgotten}");
        var left = await store.ListAsync(MemoryScope.All, cancellationToken: Token);
        Assert.Equal([other], left.Select(m => m.Id));
        Assert.Equal([other], (await store.SearchAsync("upload test", MemoryScope.All, 10, Token)).Results.Select(r => r.Id));
    }

    [Fact]
    public async Task RememberingAConversationAgainReplacesItsMemories()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        store.RememberConversation(new ConversationSnapshot { ConversationId = "c", Summary = "first draft of the plan", Turns = [new("user", "draft a plan")] });
        var ids = store.RememberConversation(new ConversationSnapshot
        {
            ConversationId = "c",
            Workspace = "/w",
            Summary = "final plan agreed",
            Turns = [new("user", "finalize the plan"), new("assistant", "Done: the plan is final.")],
        });
        await store.FlushAsync(Token);

        var memories = await store.ListAsync(MemoryScope.All, conversationId: "c", cancellationToken: Token);

        Assert.Equal(ids.Order(), memories.Select(m => m.Id).Order());
        Assert.Equal("final plan agreed", memories.Single(m => m.Kind == MemoryKind.Summary).Text);
        Assert.Equal("user: finalize the plan\n\nassistant: Done: the plan is final.", memories.Single(m => m.Kind == MemoryKind.Chunk).Text);
        Assert.All(memories, m => Assert.Equal("/w", m.Workspace));
    }

    [Fact]
    public async Task ImportTakesEveryConversationOfASource()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var source = new ListSource(
            new ConversationSnapshot { ConversationId = "a", Summary = "talked about cats", UpdatedAt = _time.GetUtcNow().AddDays(-2) },
            new ConversationSnapshot { ConversationId = "b", Summary = "talked about rugs", UpdatedAt = _time.GetUtcNow().AddDays(-1) });

        var count = await store.ImportAsync(source, cancellationToken: Token);
        await store.FlushAsync(Token);

        Assert.Equal(2, count);
        var listed = await store.ListAsync(MemoryScope.All, cancellationToken: Token);
        Assert.Equal(["b", "a"], listed.Select(m => m.ConversationId));
        Assert.Equal(_time.GetUtcNow().AddDays(-1), listed[0].CreatedAt);
    }

    [Fact]
    public async Task AddingReturnsBeforeTheEmbeddingModelAnswers()
    {
        var generator = new ConceptEmbeddingGenerator { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var store = await OpenAsync(generator);

        var id = store.AddNote("a kitten on the stairs");
        var flushed = store.FlushAsync(Token);

        // The caller already has the id while the model is still blocked.
        Assert.False(generator.Gate.Task.IsCompleted);
        Assert.False(flushed.IsCompleted);
        generator.Gate.SetResult();
        await flushed;
        Assert.Equal(id, (await store.GetAsync(id, Token))!.Id);
    }

    [Fact]
    public async Task DisposingDrainsQueuedWrites()
    {
        var ids = new List<string>();
        await using (var store = await OpenAsync(new ConceptEmbeddingGenerator()))
        {
            for (var i = 0; i < 300; i++)
            {
                ids.Add(store.AddNote($"note number {i}"));
            }
        }

        await using var reopened = await OpenAsync(new ConceptEmbeddingGenerator());
        var stats = await reopened.GetStatsAsync(Token);
        Assert.Equal(300, stats.Memories);
        Assert.Equal(300, stats.CurrentVectors);
        Assert.NotNull(await reopened.GetAsync(ids[^1], Token));
        await reopened.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => reopened.AddNote("after dispose"));
    }

    [Fact]
    public async Task BatchesOfTextsGoToTheModelTogether()
    {
        var generator = new ConceptEmbeddingGenerator { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var store = await OpenAsync(generator, batchSize: 4);
        store.AddNote("first");
        await WaitUntilAsync(() => generator.Batches.Count == 1);
        for (var i = 0; i < 10; i++)
        {
            store.AddNote($"queued {i}");
        }

        generator.Gate.SetResult();
        await store.FlushAsync(Token);

        Assert.Equal([1, 4, 4, 2], generator.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task AFailedEmbeddingKeepsTheMemoryForKeywordsAndReindexEmbedsItLater()
    {
        var generator = new ConceptEmbeddingGenerator { Failure = new HttpRequestException("connection refused") };
        await using var store = await OpenAsync(generator);
        var id = store.AddNote("The kitten is called Miso.");
        await store.FlushAsync(Token);

        Assert.Equal(1, (await store.GetStatsAsync(Token)).StaleVectors);
        // The model is still down at search time: hybrid search answers from keywords instead of failing.
        Assert.Equal([id], (await store.SearchAsync("Miso", MemoryScope.All, 5, Token)).Results.Select(r => r.Id));
        await Assert.ThrowsAsync<HttpRequestException>(() => store.SearchAsync("cat", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token));
        generator.Failure = null;
        Assert.Empty((await store.SearchAsync("cat", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token)).Results);

        var progress = new List<int>();
        Assert.Equal(1, await store.ReindexAsync(progress: new SynchronousProgress(progress), cancellationToken: Token));

        Assert.Equal([1], progress);
        Assert.Equal(0, (await store.GetStatsAsync(Token)).StaleVectors);
        Assert.Equal([id], (await store.SearchAsync("cat", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token)).Results.Select(r => r.Id));
    }

    [Fact]
    public async Task AnotherEmbeddingModelNeedsAReindexAndGetsOne()
    {
        string id;
        await using (var store = await OpenAsync(new ConceptEmbeddingGenerator("test/model-a", 64)))
        {
            id = store.AddNote("A feline on a carpet.");
            await store.FlushAsync(Token);
        }

        await using var reopened = await OpenAsync(new ConceptEmbeddingGenerator("test/model-b", 32));
        var stale = await reopened.GetStatsAsync(Token);
        var before = await reopened.SearchAsync("cat", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token);
        var reindexed = await reopened.ReindexAsync(cancellationToken: Token);
        var after = await reopened.SearchAsync("cat", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token);

        Assert.Equal("test/model-b", stale.EmbeddingModel);
        Assert.Equal(1, stale.StaleVectors);
        Assert.Empty(before.Results);
        Assert.Equal(1, reindexed);
        Assert.Equal([id], after.Results.Select(r => r.Id));
        Assert.Equal("test/model-b", (await reopened.GetAsync(id, Token))!.EmbeddingModel);
        Assert.Equal(0, await reopened.ReindexAsync(cancellationToken: Token));
        Assert.Equal(1, await reopened.ReindexAsync(all: true, cancellationToken: Token));
    }

    [Fact]
    public async Task WithoutAnEmbeddingModelSearchUsesKeywords()
    {
        await using var store = await OpenAsync(null);
        var id = store.AddNote("tabs, not spaces");
        await store.FlushAsync(Token);

        Assert.Equal([id], (await store.SearchAsync("tabs", MemoryScope.All, 5, Token)).Results.Select(r => r.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SearchAsync("tabs", new MemorySearchOptions { Mode = MemorySearchMode.Semantic }, Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReindexAsync(cancellationToken: Token));
        Assert.Null((await store.GetStatsAsync(Token)).EmbeddingModel);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("NEAR(a b) AND OR NOT *")]
    [InlineData("col:value ^start")]
    [InlineData("???")]
    public async Task QueriesWithFullTextSyntaxAreTakenAsWords(string query)
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        var id = store.AddNote("unbalanced quotes near the start of the value column");
        await store.FlushAsync(Token);

        var response = await store.SearchAsync(query, new MemorySearchOptions { Mode = MemorySearchMode.Keyword }, Token);

        Assert.True(query == "???" ? response.Results.Count == 0 : response.Results.Single().Id == id);
    }

    [Fact]
    public async Task AWordInMostMemoriesIsLeftOutOfTheKeywordQuery()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());
        for (var i = 0; i < FullTextQuery.MinMemoriesToLeaveWordsOut; i++)
        {
            store.AddNote($"switchboard note {i} about routing");
        }

        var redis = store.AddNote("switchboard caches answers in redis");
        await store.FlushAsync(Token);

        var common = await store.SearchAsync("switchboard redis", new MemorySearchOptions { Mode = MemorySearchMode.Keyword, Limit = 20 }, Token);
        var onlyCommon = await store.SearchAsync("switchboard", new MemorySearchOptions { Mode = MemorySearchMode.Keyword, Limit = 20 }, Token);

        // "switchboard" is in every memory: only "redis" is searched for, so the others are not even candidates.
        Assert.Equal([redis], common.Results.Select(r => r.Id));
        Assert.Equal(20, onlyCommon.Results.Count);
        await store.ForgetAsync(redis, Token);
        Assert.Equal(FullTextQuery.MinMemoriesToLeaveWordsOut, await _directory.CountAsync("SELECT docs FROM memory_words WHERE word = 'switchboard'"));
        Assert.Equal(0, await _directory.CountAsync("SELECT count(*) FROM memory_words WHERE word = 'redis'"));
    }

    [Fact]
    public async Task BadInputIsRefusedWithClearErrors()
    {
        await using var store = await OpenAsync(new ConceptEmbeddingGenerator());

        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync(" ", MemoryScope.All, 5, Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SearchAsync("x", MemoryScope.All, 0, Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SearchAsync("x", MemoryScope.All, MemorySearchOptions.MaxLimit + 1, Token));
        Assert.Throws<ArgumentException>(() => store.AddNote(""));
        Assert.Throws<ArgumentException>(() => store.AddSummary("", "text"));
        Assert.Throws<ArgumentException>(() => MemoryScope.ForWorkspace(" "));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetGraphAsync("x", MemoryScope.All, MemoryStore.MaxGraphDepth + 1, Token));
        var badOverlap = new MemoryStoreOptions { DatabasePath = _directory.Database, ChunkWords = 20, ChunkOverlapWords = 20 };
        var error = await Assert.ThrowsAsync<ValidationException>(() => MemoryStore.OpenAsync(badOverlap, null, cancellationToken: Token));
        Assert.Contains(nameof(MemoryStoreOptions.ChunkOverlapWords), error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationException>(() => MemoryStore.OpenAsync(new MemoryStoreOptions { DatabasePath = _directory.Database, ReciprocalRankConstant = 0 }, null, cancellationToken: Token));
        await Assert.ThrowsAsync<ValidationException>(() => MemoryStore.OpenAsync(new MemoryStoreOptions(), null, cancellationToken: Token));
    }

    [Fact]
    public async Task TheDatabaseIsInWalMode()
    {
        await using var store = await OpenAsync(null);

        await using var connection = new SqliteConnection($"Data Source={_directory.Database}");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Token));
    }

    [Fact]
    public void TheDefaultFileIsBesideTheOtherData()
    {
        var path = MemoryPaths.Database(name => name == "SWITCHBOARD_DATA_DIR" ? "/data/sb" : null);

        Assert.Equal("/data/sb/memory.db", path);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5, Token);
        }
    }

    private Task<MemoryStore> OpenAsync(
        ConceptEmbeddingGenerator? generator, string file = "memory.db", int chunkWords = 160, int overlapWords = 32, int batchSize = 32, int candidates = 50) =>
        MemoryStore.OpenAsync(
            new MemoryStoreOptions
            {
                DatabasePath = Path.Combine(_directory.Path, file),
                ChunkWords = chunkWords,
                ChunkOverlapWords = overlapWords,
                EmbeddingBatchSize = batchSize,
                CandidatesPerRanking = candidates,
            },
            generator,
            timeProvider: _time,
            cancellationToken: Token);

    private sealed class ListSource(params ConversationSnapshot[] conversations) : IConversationMemorySource
    {
        public async IAsyncEnumerable<ConversationSnapshot> GetConversationsAsync(DateTimeOffset? changedSince, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var conversation in conversations)
            {
                await Task.Yield();
                yield return conversation;
            }
        }
    }

    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
