using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers;
using Switchboard.Providers.OpenAI;

namespace Switchboard.Benchmarks;

/// <summary>
/// What the host's stack adds to one call, against the bare provider client it wraps, in the same run: the stack is
/// built by <c>services.AddSwitchboard(settings)</c> exactly as the CLI and the gateway build it (logging, tool loop,
/// cache, budget guard, router, image step, OpenTelemetry, cost ledger), and both send the same request to the same
/// in-memory recorded answer through the same OpenAI client code.
/// </summary>
/// <remarks>
/// <para>
/// The answer is the recorded <c>openai/chat_stream_text.sse</c> as it is (33 events, 30 output tokens): the stack's
/// cost is per call, so a short realistic answer is what it is measured against.
/// </para>
/// <para>
/// A miss sends a prompt no earlier call sent, so the cache never answers; the bare client gets the same kind of
/// prompt. A hit sends one prompt, answered once in setup. Each iteration runs a fixed number of calls, then the
/// cleanup waits for the ledger's writer and gives the miss stacks fresh hosts (empty caches).
/// </para>
/// <para>
/// The budget and the rate limit are checked in the shared SQLite database on every call (a reservation, its
/// settlement, a window entry): that is what a user's machine pays for limits that hold across processes.
/// </para>
/// <para>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(MiddlewareStackConfig))]
[InvocationCount(CallsPerIteration)]
public class MiddlewareStackBenchmarks
{
    /// <summary>Calls per iteration: enough for the fastest call to fill about 100 ms.</summary>
    public const int CallsPerIteration = 4096;

    private const string StreamingCategory = "streaming";
    private const string NonStreamingCategory = "non-streaming";
    private const string Model = "openai/gpt-4o-mini";
    private static readonly ChatMessage[] RepeatedPrompt = [new(ChatRole.User, "Count to five.")];

    private HttpClient _streamingHttp = null!;
    private HttpClient _jsonHttp = null!;
    private IChatClient _streamingProvider = null!;
    private IChatClient _jsonProvider = null!;
    private HostedStack _hit = null!;
    private HostedStack _plain = null!;
    private HostedStack _miss = null!;
    private HostedStack _missLimited = null!;
    private HostedStack _missJson = null!;
    private long _promptNumber;

    [GlobalSetup]
    public async Task CreateClients()
    {
        _streamingHttp = new HttpClient(new FixtureHttpHandler(ReadFixture("openai/chat_stream_text.sse"), "text/event-stream"));
        _jsonHttp = new HttpClient(new FixtureHttpHandler(ReadFixture("openai/chat_response_text.json"), "application/json"));
        _streamingProvider = Bare(_streamingHttp);
        _jsonProvider = Bare(_jsonHttp);
        _hit = new HostedStack(Settings(cache: true, budget: true, rateLimit: false), _streamingHttp);
        _plain = new HostedStack(Settings(cache: false, budget: false, rateLimit: false), _streamingHttp);
        CreateMissStacks();
        await CheckAsync().ConfigureAwait(false);
    }

    [IterationCleanup]
    public void DrainLedgersAndEmptyCaches()
    {
        DisposeMissStacks();
        CreateMissStacks();
    }

    [GlobalCleanup]
    public async Task DisposeAll()
    {
        DisposeMissStacks();
        await _hit.DisposeAsync().ConfigureAwait(false);
        await _plain.DisposeAsync().ConfigureAwait(false);
        _streamingHttp.Dispose();
        _jsonHttp.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Bare OpenAIChatClient")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> BareStreaming() => StreamDrain.CountUpdatesAsync(_streamingProvider, NextPrompt());

    [Benchmark(Description = "Host stack, no cache or budget")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> HostPlainStreaming() => StreamDrain.CountUpdatesAsync(_plain.Client(Model), NextPrompt());

    [Benchmark(Description = "Host stack + budget, cache miss")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> HostMissStreaming() => StreamDrain.CountUpdatesAsync(_miss.Client(Model), NextPrompt());

    [Benchmark(Description = "Host stack + budget + rate limit, cache miss")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> HostRateLimitedMissStreaming() => StreamDrain.CountUpdatesAsync(_missLimited.Client(Model), NextPrompt());

    [Benchmark(Description = "Host stack + budget, cache hit")]
    [BenchmarkCategory(StreamingCategory)]
    public Task<int> HostHitStreaming() => StreamDrain.CountUpdatesAsync(_hit.Client(Model), RepeatedPrompt);

    [Benchmark(Baseline = true, Description = "Bare OpenAIChatClient")]
    [BenchmarkCategory(NonStreamingCategory)]
    public Task<ChatResponse> BareResponse() => _jsonProvider.GetResponseAsync(NextPrompt());

    [Benchmark(Description = "Host stack + budget, cache miss")]
    [BenchmarkCategory(NonStreamingCategory)]
    public Task<ChatResponse> HostMissResponse() => _missJson.Client(Model).GetResponseAsync(NextPrompt());

    private static IChatClient Bare(HttpClient http) => OpenAIProviderDescriptor.Instance.CreateChatClient(new ProviderClientContext
    {
        ProviderName = "openai",
        Model = "gpt-4o-mini",
        Settings = new ProviderSettings { ApiKey = "k", BaseUrl = "http://localhost/v1" },
        HttpClient = http,
    });

    /// <summary>
    /// The settings the stacks run with: limits far above anything the benchmark reaches, so nothing is refused or
    /// waits; what is measured is the cost of checking.
    /// </summary>
    private static SwitchboardSettings Settings(bool cache, bool budget, bool rateLimit)
    {
        var settings = new SwitchboardSettings { Cache = { Enabled = cache } };
        settings.Providers["openai"] = new ProviderSettings
        {
            ApiKey = "k",
            BaseUrl = "http://localhost/v1",
            RequestsPerMinute = rateLimit ? 1_000_000_000 : null,
            TokensPerMinute = rateLimit ? 1_000_000_000 : null,
        };
        if (budget)
        {
            settings.Budget = new BudgetSettings { DailyUsd = 1_000_000_000m, MonthlyUsd = 1_000_000_000m };
        }

        return settings;
    }

    private static byte[] ReadFixture(string path) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));

    /// <summary>A prompt no earlier call of this process sent, so the response cache cannot answer it.</summary>
    private ChatMessage[] NextPrompt() => [new(ChatRole.User, $"Count to five. ({++_promptNumber})")];

    private void CreateMissStacks()
    {
        _miss = new HostedStack(Settings(cache: true, budget: true, rateLimit: false), _streamingHttp);
        _missLimited = new HostedStack(Settings(cache: true, budget: true, rateLimit: true), _streamingHttp);
        _missJson = new HostedStack(Settings(cache: true, budget: true, rateLimit: false), _jsonHttp);
    }

    private void DisposeMissStacks()
    {
        // Disposing drains each ledger's queue, so no iteration leaves writes for the next.
        _miss.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _missLimited.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _missJson.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Fails setup unless every stack reads the bare client's text, misses reach the provider (a ledger row each) and
    /// the hit does not: a benchmark that measured a broken or bypassed stack would mislead.
    /// </summary>
    private async Task CheckAsync()
    {
        var expected = await StreamDrain.ReadTextAsync(_streamingProvider, NextPrompt()).ConfigureAwait(false);
        foreach (var (stack, prompt) in new[] { (_plain, NextPrompt()), (_miss, NextPrompt()), (_missLimited, NextPrompt()), (_hit, RepeatedPrompt) })
        {
            var actual = await StreamDrain.ReadTextAsync(stack.Client(Model), prompt).ConfigureAwait(false);
            if (actual != expected)
            {
                throw new InvalidOperationException($"A stack read different text: {actual.Length} vs {expected.Length} characters.");
            }

            if (await stack.RecordedCallsAsync().ConfigureAwait(false) != 1)
            {
                throw new InvalidOperationException("A stack did not record its one provider call.");
            }
        }

        var expectedResponse = (await _jsonProvider.GetResponseAsync(NextPrompt()).ConfigureAwait(false)).Text;
        var actualResponse = (await _missJson.Client(Model).GetResponseAsync(NextPrompt()).ConfigureAwait(false)).Text;
        if (expectedResponse.Length == 0 || actualResponse != expectedResponse)
        {
            throw new InvalidOperationException($"The non-streaming stack read {actualResponse.Length} characters, the bare client {expectedResponse.Length}.");
        }

        await StreamDrain.ReadTextAsync(_hit.Client(Model), RepeatedPrompt).ConfigureAwait(false);
        if (await _hit.RecordedCallsAsync().ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException("The repeated prompt reached the provider: the cache did not answer it.");
        }
    }
}
