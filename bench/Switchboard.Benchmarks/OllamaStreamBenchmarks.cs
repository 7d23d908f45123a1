using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Ollama;

namespace Switchboard.Benchmarks;

/// <summary>An enlarged /api/chat NDJSON stream read end to end by <see cref="OllamaChatClient"/>.</summary>
/// <remarks>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</remarks>
[MemoryDiagnoser]
[Config(typeof(StreamBenchmarkConfig))]
[BenchmarkCategory(StreamFixtures.OllamaCategory)]
public class OllamaStreamBenchmarks
{
    private IChatClient _switchboard = null!;

    [GlobalSetup]
    public async Task CreateClient()
    {
        var http = new HttpClient(new FixtureHttpHandler(StreamFixtures.Ollama.Bytes, "application/x-ndjson"));
        _switchboard = new OllamaChatClient("gemma3:1b", new ProviderSettings { ApiKey = "k", BaseUrl = "http://localhost:11434" }, http);
        await StreamDrain.ReadTextAsync(_switchboard).ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = StreamFixtures.OllamaEvents, Description = "Switchboard OllamaChatClient")]
    public Task<int> SwitchboardClient() => StreamDrain.CountUpdatesAsync(_switchboard);
}
