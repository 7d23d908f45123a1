using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Embeddings;

/// <summary><c>POST {base}/embeddings</c> (https://developers.openai.com/api/reference/resources/embeddings).</summary>
public sealed class OpenAIEmbeddingGeneratorTests : EmbeddingGeneratorTests
{
    protected override int MaxBatch => OpenAIEmbeddingGenerator.MaxInputsPerRequest;

    protected override string Model => "text-embedding-3-small";

    protected override string ProviderName => "openai";

    [Fact]
    public async Task TheBodyAsksForFloatsAndDimensions()
    {
        AnswerWithEchoVectors(tokensPerInput: 1);
        using var generator = CreateGenerator();

        await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 256 }, Token);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1/embeddings", request.PathAndQuery);
        var json = request.Json;
        Assert.Equal("text-embedding-3-small", json.GetProperty("model").GetString());
        Assert.Equal("float", json.GetProperty("encoding_format").GetString());
        Assert.Equal(256, json.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task TheIndexFieldDecidesTheOrder()
    {
        Answer(200, """
            {"object":"list","data":[
              {"object":"embedding","index":1,"embedding":[0.5,0.5]},
              {"object":"embedding","index":0,"embedding":[1.0,0.0]}],
             "model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}}
            """);
        using var generator = CreateGenerator();

        var embeddings = await generator.GenerateAsync(["first", "second"], cancellationToken: Token);

        Assert.Equal([1f, 0f], embeddings[0].Vector.ToArray());
        Assert.Equal([0.5f, 0.5f], embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task EmptyTextsAreRefusedBeforeSending()
    {
        using var generator = CreateGenerator();

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["ok", ""], cancellationToken: Token));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void TheFactoryNeedsAKeyForOpenAIOnlyAndANoKeyServerGetsNoHeader()
    {
        var factory = new DescriptorFactory(OpenAIProviderDescriptor.Instance);

        Assert.Throws<MissingApiKeyException>(() => factory.CreateEmbeddings("openai", Model, new ProviderSettings()));
        using var local = factory.CreateEmbeddings("vllm", "bge-small", new ProviderSettings { BaseUrl = "http://localhost:8000/v1" });
        Assert.Equal("vllm", local.GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
        Assert.Equal("openai", factory.Protocol);
    }

    protected override IEmbeddingGenerator<string, Embedding<float>> CreateGenerator() =>
        new OpenAIEmbeddingGenerator(Model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = new Uri(Server.BaseAddress, "/v1").ToString() });

    private protected override IReadOnlyList<string> ReadInputs(RecordedRequest request) =>
        request.Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList();

    protected override string SuccessBody(IReadOnlyList<float[]> vectors, long tokens, int inputs)
    {
        var data = string.Join(",", vectors.Select((v, i) => $$"""{"object":"embedding","index":{{i}},"embedding":{{Vector(v)}}}"""));
        return $$"""{"object":"list","data":[{{data}}],"model":"{{Model}}","usage":{"prompt_tokens":{{tokens}},"total_tokens":{{tokens}}""" + "}}";
    }

    protected override string ErrorBody(int status, string message)
    {
        var type = status == 429 ? "requests" : "invalid_request_error";
        return $$"""{"error":{"message":"{{message}}","type":"{{type}}","param":null,"code":null""" + "}}";
    }

    private protected override void AssertAuthenticated(RecordedRequest request) =>
        Assert.Equal($"Bearer {ApiKey}", request.Headers["Authorization"]);
}
