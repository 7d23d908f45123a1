using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Gemini;

namespace Switchboard.Benchmarks;

/// <summary>An enlarged streamGenerateContent (alt=sse) stream read end to end by <see cref="GeminiChatClient"/>.</summary>
/// <remarks>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</remarks>
[MemoryDiagnoser]
[Config(typeof(StreamBenchmarkConfig))]
[BenchmarkCategory(StreamFixtures.GeminiCategory)]
public class GeminiStreamBenchmarks
{
    private IChatClient _switchboard = null!;

    [GlobalSetup]
    public async Task CreateClient()
    {
        var http = new HttpClient(new FixtureHttpHandler(StreamFixtures.Gemini.Bytes, "text/event-stream"));
        _switchboard = new GeminiChatClient("gemini-2.0-flash", new ProviderSettings { ApiKey = "k", BaseUrl = "http://localhost" }, http);
        await StreamDrain.ReadTextAsync(_switchboard).ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = StreamFixtures.GeminiEvents, Description = "Switchboard GeminiChatClient")]
    public Task<int> SwitchboardClient() => StreamDrain.CountUpdatesAsync(_switchboard);
}
