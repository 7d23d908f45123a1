using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Embeddings;

/// <summary><c>POST /api/embed</c> (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings).</summary>
public sealed class OllamaEmbeddingGeneratorTests : EmbeddingGeneratorTests
{
    protected override int MaxBatch => OllamaEmbeddingGenerator.MaxInputsPerRequest;

    protected override string Model => "nomic-embed-text";

    protected override string ProviderName => "ollama";

    [Fact]
    public async Task TheRequestGoesToApiEmbedUnderTheHostsPath()
    {
        AnswerWithEchoVectors(tokensPerInput: 1);
        using var generator = new OllamaEmbeddingGenerator(Model, new ProviderSettings { BaseUrl = $"127.0.0.1:{Server.BaseAddress.Port}/proxy/" });

        await generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 128 }, Token);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/proxy/api/embed", request.PathAndQuery);
        Assert.Equal("nomic-embed-text", request.Json.GetProperty("model").GetString());
        Assert.Equal(128, request.Json.GetProperty("dimensions").GetInt32());
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    protected override IEmbeddingGenerator<string, Embedding<float>> CreateGenerator() =>
        new DescriptorFactory(OllamaProviderDescriptor.Instance).CreateEmbeddings("ollama", Model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = Server.BaseAddress.ToString() });

    private protected override IReadOnlyList<string> ReadInputs(RecordedRequest request) =>
        request.Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList();

    protected override string SuccessBody(IReadOnlyList<float[]> vectors, long tokens, int inputs) =>
        $$"""{"model":"{{Model}}","embeddings":[{{string.Join(",", vectors.Select(Vector))}}],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":{{tokens}}}""";

    protected override string ErrorBody(int status, string message) => $$"""{"error":"{{message}}"}""";

    private protected override void AssertAuthenticated(RecordedRequest request) =>
        Assert.Equal($"Bearer {ApiKey}", request.Headers["Authorization"]);
}
