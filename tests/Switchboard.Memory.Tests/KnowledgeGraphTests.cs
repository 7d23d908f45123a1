using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Memory.Graph;
using Xunit;

namespace Switchboard.Memory.Tests;

public sealed class KnowledgeGraphTests : IDisposable
{
    // Recorded-style structured output: what a model answers for the schema of ExtractedKnowledge.
    private const string BillingSummary = """
        {"entities":[
          {"name":"Alice","type":"person"},
          {"name":"Billing Service","type":"service"},
          {"name":"PostgreSQL","type":"library"},
          {"name":"Use PostgreSQL for invoices","type":"decision"}],
         "relations":[
          {"source":"Alice","relation":"owns","target":"Billing Service"},
          {"source":"Billing Service","relation":"depends on","target":"PostgreSQL"},
          {"source":"Alice","relation":"decided","target":"Use PostgreSQL for invoices"}]}
        """;

    private const string DeploySummary = """
        {"entities":[
          {"name":"billing-service","type":"other"},
          {"name":"Kubernetes","type":"service"},
          {"name":"Bob","type":"person"}],
         "relations":[
          {"source":"Bob","relation":"deploys","target":"billing-service"},
          {"source":"billing-service","relation":"runs_on","target":"Kubernetes"}]}
        """;

    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TheExtractorAsksForTheSchemaAndReadsTheAnswer()
    {
        var chat = new ScriptedChatClient(BillingSummary);
        var extractor = new ChatKnowledgeGraphExtractor(chat, new ChatOptions { ModelId = "small-model", Temperature = 0 });

        var knowledge = await extractor.ExtractAsync("Alice owns the billing service, which depends on PostgreSQL.", Token);

        Assert.Equal(["Alice", "Billing Service", "PostgreSQL", "Use PostgreSQL for invoices"], knowledge.Entities.Select(e => e.Name));
        Assert.Equal("depends on", knowledge.Relations[1].Relation);
        var (messages, options) = Assert.Single(chat.Calls);
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal("Alice owns the billing service, which depends on PostgreSQL.", messages[^1].Text);
        Assert.Equal("small-model", options!.ModelId);
        var format = Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        var schema = format.Schema!.Value;
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").GetProperty("entities").ValueKind);
        Assert.True(schema.GetProperty("properties").GetProperty("relations").GetProperty("items").GetProperty("properties").TryGetProperty("target", out _));
    }

    [Theory]
    [InlineData("I could not find any entities.")]
    [InlineData("{\"entities\": 5}")]
    public async Task AnAnswerThatIsNotTheJsonIsATypedError(string answer)
    {
        var extractor = new ChatKnowledgeGraphExtractor(new ScriptedChatClient(answer));

        var error = await Assert.ThrowsAsync<KnowledgeExtractionException>(() => extractor.ExtractAsync("Alice met Bob.", Token));

        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlankTextIsNotSentToTheModel()
    {
        var chat = new ScriptedChatClient();

        var knowledge = await new ChatKnowledgeGraphExtractor(chat).ExtractAsync("  ", Token);

        Assert.Empty(knowledge.Entities);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task SummariesAndNotesAreExtractedButChunksAreNot()
    {
        var chat = new ScriptedChatClient(BillingSummary, DeploySummary);
        await using var store = await OpenAsync(chat);
        store.AddSummary("c1", "Alice owns the billing service; it depends on PostgreSQL.");
        store.AddTranscript("c1", "user: who owns billing?");
        store.AddNote("Bob deploys billing-service to Kubernetes.");
        await store.FlushAsync(Token);

        Assert.Equal(2, chat.Calls.Count);
        var stats = await store.GetStatsAsync(Token);
        Assert.Equal(6, stats.Entities);
        Assert.Equal(5, stats.Relations);
    }

    [Fact]
    public async Task EntitiesWithTheSameNormalizedNameAreMerged()
    {
        await using var store = await OpenAsync(new ScriptedChatClient(BillingSummary, DeploySummary));
        var first = store.AddSummary("c1", "Alice owns the billing service; it depends on PostgreSQL.");
        var second = store.AddSummary("c2", "Bob deploys billing-service to Kubernetes.");
        await store.FlushAsync(Token);

        var billing = await store.GetGraphAsync("the billing service", MemoryScope.All, depth: 1, Token);

        Assert.NotNull(billing);
        Assert.Equal("Billing Service", billing.Name);
        Assert.Equal(EntityType.Service, billing.Type);
        Assert.Equal(new[] { first, second }.Order(), billing.MemoryIds.Order());
        Assert.Equal(
            ["depends_on -> PostgreSQL", "runs_on -> Kubernetes", "deploys <- Bob", "owns <- Alice"],
            billing.Children.Select(c => $"{c.Relation} {(c.Outgoing ? "->" : "<-")} {c.Name}"));
    }

    [Fact]
    public async Task TheTreeWalksSeveralHopsAndStopsAtCycles()
    {
        await using var store = await OpenAsync(new ScriptedChatClient(BillingSummary, DeploySummary));
        store.AddSummary("c1", "billing");
        store.AddSummary("c2", "deploy");
        await store.FlushAsync(Token);

        var alice = await store.GetGraphAsync("alice", MemoryScope.All, depth: 3, Token);

        Assert.NotNull(alice);
        var billing = alice.Children.Single(c => c.Name == "Billing Service");
        var bob = billing.Children.Single(c => c.Name == "Bob");
        Assert.Equal("deploys", bob.Relation);
        Assert.False(bob.Outgoing);
        Assert.DoesNotContain(billing.Children, c => c.Name == "Alice" && c.Children.Count > 0);
        Assert.Empty((await store.GetGraphAsync("alice", MemoryScope.All, depth: 0, Token))!.Children);
        Assert.Null(await store.GetGraphAsync("Carol", MemoryScope.All, cancellationToken: Token));
        var json = JsonSerializer.Serialize(alice, MemoryJsonContext.Default.KnowledgeGraphNode);
        Assert.Contains("\"memory_ids\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"Person\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgettingAMemoryRemovesTheFactsOnlyItSupported()
    {
        await using var store = await OpenAsync(new ScriptedChatClient(BillingSummary, DeploySummary));
        var billingMemory = store.AddSummary("c1", "Alice owns the billing service; it depends on PostgreSQL.");
        var deployMemory = store.AddSummary("c2", "Bob deploys billing-service to Kubernetes.");
        await store.FlushAsync(Token);

        await store.ForgetAsync(billingMemory, Token);

        Assert.Null(await store.GetGraphAsync("Alice", MemoryScope.All, cancellationToken: Token));
        Assert.Null(await store.GetGraphAsync("PostgreSQL", MemoryScope.All, cancellationToken: Token));
        var billing = await store.GetGraphAsync("billing service", MemoryScope.All, depth: 1, Token);
        Assert.NotNull(billing);
        Assert.Equal([deployMemory], billing.MemoryIds);
        Assert.Equal(["runs_on -> Kubernetes", "deploys <- Bob"], billing.Children.Select(c => $"{c.Relation} {(c.Outgoing ? "->" : "<-")} {c.Name}"));

        await store.ForgetConversationAsync("c2", Token);

        var stats = await store.GetStatsAsync(Token);
        Assert.Equal(0, stats.Entities);
        Assert.Equal(0, stats.Relations);
        Assert.Equal(0, await _directory.CountAsync("SELECT count(*) FROM entity_mentions") + await _directory.CountAsync("SELECT count(*) FROM relation_sources"));
    }

    [Fact]
    public async Task AQueryNamingAnEntityBringsItsNeighboursMemories()
    {
        var chat = new ScriptedChatClient(BillingSummary, DeploySummary);
        await using var store = await OpenAsync(chat);
        store.AddSummary("c1", "Alice owns the billing service; it depends on PostgreSQL.");
        var kubernetes = store.AddSummary("c2", "Bob rolled out the new cluster on Kubernetes.");
        await store.FlushAsync(Token);

        // "Alice" appears in c1 only; c2 shares no word with the query but its entity is a neighbour's neighbour
        // (Alice owns Billing Service, which runs on Kubernetes, merged from the note about billing-service).
        var withGraph = await store.SearchAsync("alice billing", new MemorySearchOptions { Mode = MemorySearchMode.Hybrid, Limit = 10 }, Token);
        var keywordsOnly = await store.SearchAsync("alice billing", new MemorySearchOptions { Mode = MemorySearchMode.Keyword, Limit = 10 }, Token);

        Assert.Contains(kubernetes, withGraph.Results.Select(r => r.Id));
        Assert.DoesNotContain(kubernetes, keywordsOnly.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task AFailedExtractionLeavesTheMemorySearchable()
    {
        await using var store = await OpenAsync(new ScriptedChatClient("not json at all"));
        var id = store.AddNote("The nightly backup runs at 02:00.");
        await store.FlushAsync(Token);

        Assert.Equal([id], (await store.SearchAsync("nightly backup", MemoryScope.All, 5, Token)).Results.Select(r => r.Id));
        Assert.Equal(0, (await store.GetStatsAsync(Token)).Entities);
    }

    [Fact]
    public async Task EntitiesBelongToTheirWorkspace()
    {
        await using var store = await OpenAsync(new ScriptedChatClient(BillingSummary, BillingSummary));
        store.AddSummary("c1", "billing in alpha", "/alpha");
        store.AddSummary("c2", "billing in beta", "/beta");
        await store.FlushAsync(Token);

        var inAlpha = await store.GetGraphAsync("Alice", MemoryScope.ForWorkspace("/alpha"), cancellationToken: Token);

        Assert.Single(inAlpha!.MemoryIds);
        Assert.Equal(8, (await store.GetStatsAsync(Token)).Entities);
        Assert.Null(await store.GetGraphAsync("Alice", MemoryScope.Global, cancellationToken: Token));
    }

    private Task<MemoryStore> OpenAsync(ScriptedChatClient chat) =>
        MemoryStore.OpenAsync(
            new MemoryStoreOptions { DatabasePath = _directory.Database },
            new ConceptEmbeddingGenerator(),
            new ChatKnowledgeGraphExtractor(chat),
            cancellationToken: Token);
}
