using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Memory.Recall;
using Xunit;

namespace Switchboard.Memory.Tests;

public sealed class RecallTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TheToolDeclaresQueryAndLimit()
    {
        await using var store = await OpenAsync();

        var tool = MemoryRecallTool.Create(store, MemoryScope.All);

        Assert.Equal("recall", tool.Name);
        var properties = tool.JsonSchema.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("query").GetProperty("type").GetString());
        Assert.Equal("integer", properties.GetProperty("limit").GetProperty("type").GetString());
        Assert.Equal(["query"], tool.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task TheModelGetsMemoriesOfTheScopeAsJson()
    {
        await using var store = await OpenAsync();
        var inScope = store.AddSummary("c1", "We agreed to ship the mobile app on Fridays.", "/app");
        store.AddNote("Ship the website on Mondays.", "/site");
        await store.FlushAsync(Token);
        var tool = MemoryRecallTool.Create(store, MemoryScope.ForWorkspace("/app"));

        var result = await tool.InvokeAsync(new AIFunctionArguments { ["query"] = "when do we ship", ["limit"] = 5 }, Token);

        var json = Assert.IsType<JsonElement>(result);
        var memory = Assert.Single(json.GetProperty("memories").EnumerateArray().ToList());
        Assert.Equal(inScope, memory.GetProperty("id").GetString());
        Assert.Equal("summary", memory.GetProperty("kind").GetString());
        Assert.Equal("2026-05-04", memory.GetProperty("date").GetString());
        Assert.Equal("c1", memory.GetProperty("conversation_id").GetString());
        Assert.Equal("We agreed to ship the mobile app on Fridays.", memory.GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheLimitIsClampedAndAnEmptyQueryIsRefused()
    {
        await using var store = await OpenAsync();
        for (var i = 0; i < 30; i++)
        {
            store.AddNote($"deploy note {i}");
        }

        await store.FlushAsync(Token);
        var tool = MemoryRecallTool.Create(store, MemoryScope.All);

        var many = (JsonElement)(await tool.InvokeAsync(new AIFunctionArguments { ["query"] = "deploy", ["limit"] = 500 }, Token))!;
        var defaulted = (JsonElement)(await tool.InvokeAsync(new AIFunctionArguments { ["query"] = "deploy" }, Token))!;

        Assert.Equal(MemoryRecallTool.MaxLimit, many.GetProperty("memories").GetArrayLength());
        Assert.Equal(5, defaulted.GetProperty("memories").GetArrayLength());
        await Assert.ThrowsAsync<ArgumentException>(async () => await tool.InvokeAsync(new AIFunctionArguments { ["query"] = " " }, Token));
    }

    [Fact]
    public async Task TheSelectorKeepsTheMostRelevantMemoriesWithinTheBudget()
    {
        await using var store = await OpenAsync();
        var best = store.AddNote("deploy: the release train leaves on Fridays");
        var tooLong = store.AddNote("deploy release " + string.Join(' ', Enumerable.Repeat("padding", 200)));
        var shortOne = store.AddNote("release owner is Dana");
        await store.FlushAsync(Token);

        var chosen = await MemoryContextSelector.SelectAsync(store, "When does the release deploy?", MemoryScope.All, tokenBudget: 60, cancellationToken: Token);

        Assert.Equal([best, shortOne], chosen.Select(m => m.Id));
        Assert.DoesNotContain(tooLong, chosen.Select(m => m.Id));
        var message = MemoryContextSelector.ToSystemMessage(chosen);
        Assert.NotNull(message);
        Assert.Equal(ChatRole.System, message.Role);
        Assert.Contains("- [2026-05-04, note] deploy: the release train leaves on Fridays", message.Text, StringComparison.Ordinal);
        var used = MemoryContextSelector.EstimateTokens(message.Text);
        Assert.True(used <= 60 + 1, $"{used} tokens");
    }

    [Fact]
    public async Task TheHostsTokenCounterDecides()
    {
        await using var store = await OpenAsync();
        store.AddNote("release owner is Dana");
        await store.FlushAsync(Token);

        var none = await MemoryContextSelector.SelectAsync(store, "release owner", MemoryScope.All, 1000, countTokens: _ => 2000, cancellationToken: Token);
        var all = await MemoryContextSelector.SelectAsync(store, "release owner", MemoryScope.All, 1000, countTokens: _ => 1, cancellationToken: Token);

        Assert.Empty(none);
        Assert.Single(all);
        Assert.Null(MemoryContextSelector.ToSystemMessage(none));
        Assert.Empty(await MemoryContextSelector.SelectAsync(store, "release owner", MemoryScope.All, 0, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => MemoryContextSelector.SelectAsync(store, "x", MemoryScope.All, -1, cancellationToken: Token));
    }

    private Task<MemoryStore> OpenAsync() =>
        MemoryStore.OpenAsync(new MemoryStoreOptions { DatabasePath = _directory.Database }, new ConceptEmbeddingGenerator(), timeProvider: _time, cancellationToken: Token);
}
