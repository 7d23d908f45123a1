using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Anthropic;

namespace Switchboard.Benchmarks;

/// <summary>An enlarged Messages stream (text deltas and pings) read end to end by <see cref="AnthropicChatClient"/>.</summary>
/// <remarks>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</remarks>
[MemoryDiagnoser]
[Config(typeof(StreamBenchmarkConfig))]
[BenchmarkCategory(StreamFixtures.AnthropicCategory)]
public class AnthropicStreamBenchmarks
{
    private IChatClient _switchboard = null!;

    [GlobalSetup]
    public async Task CreateClient()
    {
        var http = new HttpClient(new FixtureHttpHandler(StreamFixtures.Anthropic.Bytes, "text/event-stream"));
        _switchboard = new AnthropicChatClient("claude-3-opus-20240229", new ProviderSettings { ApiKey = "k", BaseUrl = "http://localhost" }, http);
        await StreamDrain.ReadTextAsync(_switchboard).ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = StreamFixtures.AnthropicEvents, Description = "Switchboard AnthropicChatClient")]
    public Task<int> SwitchboardClient() => StreamDrain.CountUpdatesAsync(_switchboard);
}
