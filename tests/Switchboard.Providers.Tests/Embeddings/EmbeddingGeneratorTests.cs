using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Embeddings;

/// <summary>
/// Transport scenarios every embedding generator must pass against its emulated provider: the request shape, batching
/// at the provider's limit, vectors in input order, usage summed over batches, and errors as typed
/// <see cref="ProviderException"/>s. Each provider's subclass says how its wire format looks.
/// </summary>
public abstract class EmbeddingGeneratorTests : IAsyncLifetime
{
    protected const string ApiKey = "sk-test-embeddings-key";

    private protected EmulatorServer Server { get; private set; } = null!;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Inputs per request before the generator starts another.</summary>
    protected abstract int MaxBatch { get; }

    /// <summary>The model the generator is created for.</summary>
    protected abstract string Model { get; }

    public async ValueTask InitializeAsync() => Server = await EmulatorServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task VectorsComeBackInInputOrderWithUsage()
    {
        AnswerWithEchoVectors(tokensPerInput: 3);
        using var generator = CreateGenerator();

        var embeddings = await generator.GenerateAsync(["alpha", "be", "gamma!"], cancellationToken: Token);

        Assert.Equal([[5f, 0f, 1f], [2f, 1f, 1f], [6f, 2f, 1f]], embeddings.Select(e => e.Vector.ToArray()));
        Assert.All(embeddings, e => Assert.Equal(Model, e.ModelId));
        AssertUsage(embeddings, expectedInputTokens: 9);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(["alpha", "be", "gamma!"], ReadInputs(request));
        AssertAuthenticated(request);
    }

    [Fact]
    public async Task TextsAreSentInBatchesOfTheProvidersLimit()
    {
        AnswerWithEchoVectors(tokensPerInput: 1);
        using var generator = CreateGenerator();
        var texts = Enumerable.Range(0, MaxBatch + 2).Select(i => $"text {i}").ToList();

        var embeddings = await generator.GenerateAsync(texts, cancellationToken: Token);

        Assert.Equal([MaxBatch, 2], Server.Requests.Select(r => ReadInputs(r).Count));
        Assert.Equal(texts.Count, embeddings.Count);
        Assert.Equal([texts[^1].Length, 1f, 1f], embeddings[^1].Vector.ToArray());
        AssertUsage(embeddings, expectedInputTokens: texts.Count);
    }

    [Fact]
    public async Task AnUnauthorizedKeyIsAnAuthenticationErrorWithoutTheKey()
    {
        Answer(401, ErrorBody(401, "Incorrect API key provided."));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["x"], cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitsCarryRetryAfter()
    {
        Answer(429, ErrorBody(429, "Rate limit reached for requests."), response => response.Headers.RetryAfter = "7");
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["x", "y"], cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task ABadRequestIsAnInvalidRequestWithTheProvidersMessage()
    {
        Answer(400, ErrorBody(400, "unknown field: inputs"));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["x", "y"], cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("unknown field: inputs", error.ProviderMessage);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    public async Task ABrokenSuccessBodyIsAnInvalidResponse(string body)
    {
        Answer(200, body);
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["x", "y"], cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task FewerVectorsThanInputsIsAnInvalidResponse()
    {
        Server.Handler = (context, request) => WriteJsonAsync(context, 200, SuccessBody([[1f, 2f]], 1, inputs: 2));
        using var generator = CreateGenerator();

        var error = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["x", "y"], cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("1 embeddings for 2 inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataNamesProviderAndModel()
    {
        using var generator = CreateGenerator();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(ProviderName, metadata.ProviderName);
        Assert.Equal(Model, metadata.DefaultModelId);
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("key"));
    }

    /// <summary>The provider name the generator reports.</summary>
    protected abstract string ProviderName { get; }

    protected abstract IEmbeddingGenerator<string, Embedding<float>> CreateGenerator();

    /// <summary>The texts a request carries.</summary>
    private protected abstract IReadOnlyList<string> ReadInputs(RecordedRequest request);

    /// <summary>A success body with these vectors and token count, in the provider's format for a request of <paramref name="inputs"/> texts.</summary>
    protected abstract string SuccessBody(IReadOnlyList<float[]> vectors, long tokens, int inputs);

    /// <summary>An error body in the provider's format.</summary>
    protected abstract string ErrorBody(int status, string message);

    /// <summary>Checks the request carries the key the provider's way.</summary>
    private protected abstract void AssertAuthenticated(RecordedRequest request);

    /// <summary>Checks the usage the provider reports (some report none).</summary>
    protected virtual void AssertUsage(GeneratedEmbeddings<Embedding<float>> embeddings, long expectedInputTokens) =>
        Assert.Equal(expectedInputTokens, embeddings.Usage?.InputTokenCount);

    /// <summary>Answers every request with one vector per input: [input length, position in request, 1].</summary>
    protected void AnswerWithEchoVectors(int tokensPerInput) =>
        Server.Handler = (context, request) =>
        {
            var inputs = ReadInputs(request);
            var vectors = inputs.Select((text, i) => new[] { text.Length, (float)i, 1f }).ToList();
            return WriteJsonAsync(context, 200, SuccessBody(vectors, (long)tokensPerInput * inputs.Count, inputs.Count));
        };

    protected void Answer(int status, string body, Action<HttpResponse>? headers = null) =>
        Server.Handler = (context, _) =>
        {
            headers?.Invoke(context.Response);
            return WriteJsonAsync(context, status, body);
        };

    protected static string Vector(float[] vector) => JsonSerializer.Serialize(vector, EmbeddingTestJsonContext.Default.SingleArray);

    private static async Task WriteJsonAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
