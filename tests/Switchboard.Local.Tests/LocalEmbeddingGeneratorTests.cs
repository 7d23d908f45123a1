using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Xunit;

namespace Switchboard.Local.Tests;

public sealed class LocalEmbeddingGeneratorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SimilarSentencesAreCloseAndUnrelatedOnesAreNot()
    {
        using var generator = new LocalEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(
            ["The cat sat on the mat.", "A kitten is resting on a rug.", "Quarterly revenue grew by eight percent in Europe."],
            cancellationToken: Token);

        Assert.All(embeddings, e => Assert.Equal(LocalEmbeddingGenerator.DefaultModelDimensions, e.Vector.Length));
        Assert.All(embeddings, e => Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 3));
        Assert.All(embeddings, e => Assert.Equal("all-MiniLM-L6-v2", e.ModelId));
        var similar = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        Assert.InRange(similar, 0.5f, 0.8f);
        Assert.InRange(unrelated, -0.3f, 0.2f);
    }

    [Fact]
    public async Task ABatchLargerThanOneRunKeepsOrderAndMatchesSingleCalls()
    {
        using var generator = new LocalEmbeddingGenerator();
        var texts = Enumerable.Range(0, 40).Select(i => $"Memory number {i} is about topic {i % 7}.").ToArray();

        var batch = await generator.GenerateAsync(texts, cancellationToken: Token);
        var last = await generator.GenerateAsync([texts[^1]], cancellationToken: Token);

        Assert.Equal(40, batch.Count);
        Assert.True(TensorPrimitives.CosineSimilarity(batch[^1].Vector.Span, last[0].Vector.Span) > 0.999f);
        Assert.True(TensorPrimitives.CosineSimilarity(batch[0].Vector.Span, last[0].Vector.Span) < 0.999f);
    }

    [Fact]
    public void MetadataNamesTheLocalModel()
    {
        using var generator = new LocalEmbeddingGenerator(" all-minilm-l6-v2 ");

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("local", metadata.ProviderName);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService<LocalEmbeddingGenerator>());
    }

    [Fact]
    public void AnUnknownModelIsNotFound()
    {
        var error = Assert.Throws<ProviderException>(() => new LocalEmbeddingGenerator("bge-large"));

        Assert.Equal(ProviderErrorKind.NotFound, error.Kind);
        Assert.Contains("all-MiniLM-L6-v2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherDimensionsAreRefused()
    {
        using var generator = new LocalEmbeddingGenerator();

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 256 }, Token));
    }

    [Fact]
    public async Task ACancelledCallStopsBeforeEncoding()
    {
        using var generator = new LocalEmbeddingGenerator();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["x"], cancellationToken: new CancellationToken(canceled: true)));
    }
}
