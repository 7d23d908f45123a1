using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Embeddings;

/// <summary><c>embedContent</c> and <c>batchEmbedContents</c> (https://ai.google.dev/api/embeddings).</summary>
public sealed class GeminiEmbeddingGeneratorTests : EmbeddingGeneratorTests
{
    protected override int MaxBatch => GeminiEmbeddingGenerator.MaxInputsPerRequest;

    protected override string Model => "gemini-embedding-001";

    protected override string ProviderName => "gemini";

    [Fact]
    public async Task SeveralTextsGoToBatchEmbedContentsWithTheModelInEveryRequest()
    {
        AnswerWithEchoVectors(tokensPerInput: 1);
        using var generator = CreateGenerator();

        await generator.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions
        {
            Dimensions = 768,
            AdditionalProperties = new() { [GeminiEmbeddingGenerator.TaskTypeProperty] = "RETRIEVAL_DOCUMENT" },
        }, Token);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1beta/models/gemini-embedding-001:batchEmbedContents", request.PathAndQuery);
        var first = request.Json.GetProperty("requests")[0];
        Assert.Equal("models/gemini-embedding-001", first.GetProperty("model").GetString());
        Assert.Equal("a", first.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal("RETRIEVAL_DOCUMENT", first.GetProperty("taskType").GetString());
        Assert.Equal(768, first.GetProperty("outputDimensionality").GetInt32());
    }

    [Fact]
    public async Task OneTextGoesToEmbedContent()
    {
        AnswerWithEchoVectors(tokensPerInput: 2);
        using var generator = CreateGenerator();

        var embeddings = await generator.GenerateAsync(["only one"], cancellationToken: Token);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("/v1beta/models/gemini-embedding-001:embedContent", request.PathAndQuery);
        Assert.False(request.Json.TryGetProperty("model", out _));
        Assert.Equal([8f, 0f, 1f], embeddings[0].Vector.ToArray());
        Assert.Equal(2, embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task ARejectedKeyIsAnAuthenticationError()
    {
        Answer(400, """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
             "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}
            """);
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["x", "y"], cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
    }

    [Fact]
    public async Task NoUsageMetadataMeansNoUsage()
    {
        Answer(200, """{"embeddings":[{"values":[0.1,0.2]},{"values":[0.3,0.4]}]}""");
        using var generator = CreateGenerator();

        var embeddings = await generator.GenerateAsync(["x", "y"], cancellationToken: Token);

        Assert.Null(embeddings.Usage);
        Assert.Equal([0.3f, 0.4f], embeddings[1].Vector.ToArray());
    }

    [Fact]
    public void TheFactoryNeedsAKeyForGoogle() =>
        Assert.Throws<MissingApiKeyException>(() => new DescriptorFactory(GeminiProviderDescriptor.Instance).CreateEmbeddings("gemini", Model, new ProviderSettings()));

    protected override IEmbeddingGenerator<string, Embedding<float>> CreateGenerator() =>
        new GeminiEmbeddingGenerator(Model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = Server.BaseAddress.ToString() });

    private protected override IReadOnlyList<string> ReadInputs(RecordedRequest request)
    {
        var json = request.Json;
        var requests = json.TryGetProperty("requests", out var batch) ? batch.EnumerateArray().ToList() : [json];
        return requests.Select(r => r.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString()!).ToList();
    }

    protected override string SuccessBody(IReadOnlyList<float[]> vectors, long tokens, int inputs)
    {
        var usage = $$""","usageMetadata":{"promptTokenCount":{{tokens}},"totalTokenCount":{{tokens}}""" + "}";
        return inputs == 1
            ? $$"""{"embedding":{"values":{{Vector(vectors[0])}}""" + "}" + usage + "}"
            : $$"""{"embeddings":[{{string.Join(",", vectors.Select(v => "{\"values\":" + Vector(v) + "}"))}}]{{usage}}""" + "}";
    }

    protected override string ErrorBody(int status, string message)
    {
        var code = status switch { 401 => "UNAUTHENTICATED", 429 => "RESOURCE_EXHAUSTED", _ => "INVALID_ARGUMENT" };
        return $$"""{"error":{"code":{{status}},"message":"{{message}}","status":"{{code}}" """ + "}}";
    }

    private protected override void AssertAuthenticated(RecordedRequest request)
    {
        Assert.Equal(ApiKey, request.Headers["x-goog-api-key"]);
        Assert.DoesNotContain("key=", request.PathAndQuery, StringComparison.Ordinal);
    }
}
