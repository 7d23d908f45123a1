using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Switchboard.Core.Budgets;
using Switchboard.Core.Caching;
using Switchboard.Core.Catalog;
using Switchboard.Configuration;
using Switchboard.Core.Middleware;
using Switchboard.Models;
using Switchboard.Core.RateLimiting;
using Switchboard.Core.Routing;
using Switchboard.Core.Usage;
using Switchboard.Providers.OpenAI;

namespace Switchboard.Benchmarks;

/// <summary>
/// What the middleware stack the CLI composes (budget guard, response cache, router, cost tracking; see
/// <c>ChatSetup.CreateClient</c>) adds to one call, against the bare provider client it wraps: the same
/// <see cref="Providers.OpenAI.OpenAIChatClient"/> instance over the same in-memory recorded answer, in the same run.
/// </summary>
/// <remarks>
/// <para>
/// The answer is the recorded <c>openai/chat_stream_text.sse</c> as it is (33 events, 30 output tokens), not
/// enlarged: the stack's cost is per call, so a short realistic answer is what it is measured against.
/// </para>
/// <para>
/// A miss sends a prompt no earlier call sent (a counter in the text), so the cache never answers; the bare client
/// gets the same kind of prompt so both build the same request. A hit sends one prompt, answered once in setup.
/// Each iteration runs a fixed number of calls, then the cleanup waits for the ledger's background writer and gives
/// the miss stacks empty caches, so neither the write queue nor the cache grows across iterations.
/// </para>
/// <para>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(MiddlewareStackConfig))]
[InvocationCount(CallsPerIteration)]
public class MiddlewareStackBenchmarks
{
    /// <summary>
    /// Calls per iteration, fixed because the iteration cleanup would otherwise make BenchmarkDotNet run one call per
    /// iteration; enough for the fastest call to fill about 100 ms, few enough that a miss iteration's cache stays
    /// in the tens of megabytes.
    /// </summary>
    public const int CallsPerIteration = 8192;

    private const string StreamingCategory = "streaming";
    private const string NonStreamingCategory = "non-streaming";
    private static readonly ModelId Model = ModelId.Parse("openai/gpt-4o-mini");
    private static readonly ChatMessage[] RepeatedPrompt = [new(ChatRole.User, "Count to five.")];

    private string _ledgerDirectory = null!;
    private SqliteUsageLedger _ledger = null!;
    private ModelCatalog _catalog = null!;
    private BudgetTracker _budget = null!;
    private ProviderRateLimiter _rateLimiter = null!;
    private IChatClient _streamingProvider = null!;
    private IChatClient _jsonProvider = null!;
    private IChatClient _fullStackHit = null!;
    private IChatClient _routerAndCostTracking = null!;
    private IChatClient _fullStackMiss = null!;
    private IChatClient _fullStackMissRateLimited = null!;
    private IChatClient _fullStackMissJson = null!;
    private long _promptNumber;

    [GlobalSetup]
    public async Task CreateClients()
    {
        var providerSettings = new ProviderSettings { ApiKey = "k", BaseUrl = "http://localhost/v1" };
        _streamingProvider = new OpenAIChatClient(Model.Model, providerSettings, new HttpClient(new FixtureHttpHandler(ReadFixture("openai/chat_stream_text.sse"), "text/event-stream")));
        _jsonProvider = new OpenAIChatClient(Model.Model, providerSettings, new HttpClient(new FixtureHttpHandler(ReadFixture("openai/chat_response_text.json"), "application/json")));

        _ledgerDirectory = Directory.CreateTempSubdirectory("switchboard-bench-").FullName;
        _ledger = await SqliteUsageLedger.OpenAsync(Path.Combine(_ledgerDirectory, "usage.db")).ConfigureAwait(false);
        _catalog = ModelCatalog.CreateDefault();
        _budget = new BudgetTracker(new BudgetSettings { DailyUsd = 1_000_000_000m, MonthlyUsd = 1_000_000_000m });

        // Far above any rate the benchmark reaches, so it never waits: what is measured is the cost of asking.
        _rateLimiter = new ProviderRateLimiter(Model.Provider, requestsPerWindow: 1_000_000_000, tokensPerWindow: 1_000_000_000);

        _fullStackHit = CreateStack(_streamingProvider, ResponseCacheFactory.Create());
        _routerAndCostTracking = CreateRouter(_streamingProvider, rateLimiter: null);
        CreateMissStacks();

        await CheckAsync().ConfigureAwait(false);
    }

    [IterationCleanup]
    public void DrainLedgerAndEmptyCaches()
    {
        // The ledger writes on a background task; waiting here keeps its queue to one iteration's records.
        _ledger.FlushAsync().GetAwaiter().GetResult();
        CreateMissStacks();
    }

    [GlobalCleanup]
    public async Task DisposeAll()
    {
        await _ledger.DisposeAsync().ConfigureAwait(false);
        await _rateLimiter.DisposeAsync().ConfigureAwait(false);
        _streamingProvider.Dispose();
        _jsonProvider.Dispose();
        Directory.Delete(_ledgerDirectory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Bare OpenAIChatClient")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> BareStreaming() => StreamDrain.CountUpdatesAsync(_streamingProvider, NextPrompt());

    [Benchmark(Description = "Full stack, cache miss")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> FullStackMissStreaming() => StreamDrain.CountUpdatesAsync(_fullStackMiss, NextPrompt());

    [Benchmark(Description = "Full stack, cache hit")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> FullStackHitStreaming() => StreamDrain.CountUpdatesAsync(_fullStackHit, RepeatedPrompt);

    [Benchmark(Description = "Full stack + rate limiter, cache miss")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> FullStackRateLimitedMissStreaming() => StreamDrain.CountUpdatesAsync(_fullStackMissRateLimited, NextPrompt());

    [Benchmark(Description = "Router + cost tracking (no cache, no budget)")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> RouterAndCostTrackingStreaming() => StreamDrain.CountUpdatesAsync(_routerAndCostTracking, NextPrompt());

    [Benchmark(Baseline = true, Description = "Bare OpenAIChatClient")]
    [BenchmarkCategory(NonStreamingCategory)]
    public Task<ChatResponse> BareResponse() => _jsonProvider.GetResponseAsync(NextPrompt());

    [Benchmark(Description = "Full stack, cache miss")]
    [BenchmarkCategory(NonStreamingCategory)]
    public Task<ChatResponse> FullStackMissResponse() => _fullStackMissJson.GetResponseAsync(NextPrompt());

    private static byte[] ReadFixture(string path) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));

    /// <summary>A prompt no earlier call of this process sent, so the response cache cannot answer it.</summary>
    private ChatMessage[] NextPrompt() => [new(ChatRole.User, $"Count to five. ({++_promptNumber})")];

    /// <summary>The miss stacks, each with an empty cache of its own.</summary>
    private void CreateMissStacks()
    {
        _fullStackMiss = CreateStack(_streamingProvider, ResponseCacheFactory.Create());
        _fullStackMissRateLimited = CreateStack(_streamingProvider, ResponseCacheFactory.Create(), _rateLimiter);
        _fullStackMissJson = CreateStack(_jsonProvider, ResponseCacheFactory.Create());
    }

    /// <summary>As <c>ChatSetup.CreateClient</c> composes it without tools: cache, then budget guard, then the router.</summary>
    private IChatClient CreateStack(IChatClient provider, HybridCache cache, ProviderRateLimiter? rateLimiter = null) =>
        new ChatClientBuilder(CreateRouter(provider, rateLimiter))
            .UseHybridCache(cache, Model.ToString())
            .UseBudget(_budget, _catalog, Model)
            .Build();

    /// <summary>As <c>ChatSetup.CreateRouter</c>: one target, its calls rate limited (when given) and recorded in the ledger.</summary>
    private ModelRouterChatClient CreateRouter(IChatClient provider, ProviderRateLimiter? rateLimiter)
    {
        var limited = rateLimiter is null ? provider : new RateLimitingChatClient(provider, rateLimiter);
        var tracked = new ChatClientBuilder(limited).UseCostTracking(_ledger, _catalog, Model).Build();
        return new ModelRouterChatClient(Model.ToString(), [new RouteTarget(Model, tracked)]);
    }

    /// <summary>
    /// Fails setup unless every stack reads the bare client's text, misses reach the provider (a ledger row each)
    /// and the hit does not (no row): a benchmark that measured a broken or bypassed stack would mislead.
    /// </summary>
    private async Task CheckAsync()
    {
        var expected = await StreamDrain.ReadTextAsync(_streamingProvider, NextPrompt()).ConfigureAwait(false);
        foreach (var stack in new[] { _fullStackMiss, _fullStackMissRateLimited, _routerAndCostTracking, _fullStackHit })
        {
            var prompt = stack == _fullStackHit ? RepeatedPrompt : NextPrompt();
            var actual = await StreamDrain.ReadTextAsync(stack, prompt).ConfigureAwait(false);
            if (actual != expected)
            {
                throw new InvalidOperationException($"A stack read different text: {actual.Length} vs {expected.Length} characters.");
            }
        }

        var expectedResponse = (await _jsonProvider.GetResponseAsync(NextPrompt()).ConfigureAwait(false)).Text;
        var actualResponse = (await _fullStackMissJson.GetResponseAsync(NextPrompt()).ConfigureAwait(false)).Text;
        if (expectedResponse.Length == 0 || actualResponse != expectedResponse)
        {
            throw new InvalidOperationException($"The non-streaming stack read {actualResponse.Length} characters, the bare client {expectedResponse.Length}.");
        }

        var recorded = await RecordedCallsAsync().ConfigureAwait(false);
        if (recorded != 5)
        {
            throw new InvalidOperationException($"The ledger holds {recorded} calls after 5 provider calls through the stacks.");
        }

        await StreamDrain.ReadTextAsync(_fullStackHit, RepeatedPrompt).ConfigureAwait(false);
        if (await RecordedCallsAsync().ConfigureAwait(false) != recorded)
        {
            throw new InvalidOperationException("The repeated prompt reached the provider: the cache did not answer it.");
        }
    }

    private async Task<long> RecordedCallsAsync()
    {
        await _ledger.FlushAsync().ConfigureAwait(false);
        var rows = await _ledger.SummarizeAsync(UsageGrouping.Provider, DateTimeOffset.UnixEpoch).ConfigureAwait(false);
        return rows.Sum(r => r.Calls);
    }
}
