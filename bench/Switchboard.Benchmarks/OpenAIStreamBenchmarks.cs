using System.ClientModel;
using System.ClientModel.Primitives;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using OpenAI;
using Switchboard.Configuration;
using Switchboard.Providers.OpenAI;

namespace Switchboard.Benchmarks;

/// <summary>
/// One enlarged Chat Completions stream read end to end through <see cref="IChatClient"/>: by the official OpenAI SDK
/// behind Microsoft.Extensions.AI.OpenAI (the baseline) and by <see cref="Providers.OpenAI.OpenAIChatClient"/>, from the same bytes.
/// </summary>
/// <remarks>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</remarks>
[MemoryDiagnoser]
[Config(typeof(StreamBenchmarkConfig))]
[BenchmarkCategory(StreamFixtures.OpenAICategory)]
public class OpenAIStreamBenchmarks
{
    private const string Model = "gpt-4o-mini";
    private static readonly Uri BaseUri = new("http://localhost/v1");

    private IChatClient _sdk = null!;
    private IChatClient _switchboard = null!;

    [GlobalSetup]
    public async Task CreateClients()
    {
        var http = new HttpClient(new FixtureHttpHandler(StreamFixtures.OpenAI.Bytes, "text/event-stream"));
        _sdk = new OpenAIClient(
                new ApiKeyCredential("k"),
                new OpenAIClientOptions { Endpoint = BaseUri, Transport = new HttpClientPipelineTransport(http) })
            .GetChatClient(Model)
            .AsIChatClient();
        _switchboard = new OpenAIChatClient(Model, new ProviderSettings { ApiKey = "k", BaseUrl = BaseUri.ToString() }, http);

        var expected = await StreamDrain.ReadTextAsync(_sdk).ConfigureAwait(false);
        var actual = await StreamDrain.ReadTextAsync(_switchboard).ConfigureAwait(false);
        if (actual != expected)
        {
            throw new InvalidOperationException($"The clients read different text: {actual.Length} vs {expected.Length} characters.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamFixtures.OpenAIEvents, Description = "OpenAI SDK via M.E.AI.OpenAI")]
    public Task<int> OfficialSdk() => StreamDrain.CountUpdatesAsync(_sdk);

    [Benchmark(OperationsPerInvoke = StreamFixtures.OpenAIEvents, Description = "Switchboard OpenAIChatClient")]
    public Task<int> SwitchboardClient() => StreamDrain.CountUpdatesAsync(_switchboard);
}
