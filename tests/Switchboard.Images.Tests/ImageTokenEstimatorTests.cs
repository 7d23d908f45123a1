using Xunit;

namespace Switchboard.Images.Tests;

public sealed class ImageTokenEstimatorTests
{
    [Theory]
    // OpenAI's documented examples: 1024×1024 → 768×768 → 4 tiles → 85 + 4×170.
    [InlineData(1024, 1024, "high", 765)]
    // 2048×4096 → 1024×2048 (fits 2048) → 768×1536 (short side 768) → 2×3 tiles → 85 + 6×170.
    [InlineData(2048, 4096, "high", 1105)]
    [InlineData(4096, 8192, "low", 85)]
    [InlineData(1024, 1024, null, 765)]      // auto counts as high
    [InlineData(512, 512, "high", 255)]      // one tile, not scaled up
    [InlineData(1152, 768, "auto", 1105)]    // 3×2 tiles
    public void OpenAI_counts_512px_tiles_after_its_own_scaling(int w, int h, string? detail, int expected) =>
        Assert.Equal(expected, ProtocolImages.Of("openai").EstimateTokens(w, h, detail));

    [Theory]
    [InlineData(1000, 1000, 1333)]  // 1,000,000 / 750 = 1333.3
    [InlineData(200, 200, 53)]      // 40,000 / 750 = 53.3
    [InlineData(1092, 1092, 1590)]  // the docs' largest unresized square: 1,192,464 / 750 = 1589.95
    [InlineData(4000, 3000, 1600)]  // Claude shrinks it to ~1,600 tokens first
    public void Anthropic_is_width_times_height_over_750(int w, int h, int expected) =>
        Assert.Equal(expected, ProtocolImages.Of("anthropic").EstimateTokens(w, h));

    [Theory]
    [InlineData(300, 300, 258)]     // both sides ≤ 384: one flat charge
    [InlineData(384, 384, 258)]
    [InlineData(1000, 1000, 1032)]  // 2×2 tiles of 768 → 4 × 258
    [InlineData(385, 200, 258)]     // one tile
    [InlineData(3072, 1536, 2064)]  // 4×2 tiles
    public void Gemini_counts_258_per_768px_tile(int w, int h, int expected) =>
        Assert.Equal(expected, ProtocolImages.Of("gemini").EstimateTokens(w, h));

    [Fact]
    public void Ollama_counts_28px_patches() =>
        Assert.Equal(56 * 42, ProtocolImages.Of("ollama").EstimateTokens(1568, 1176));

    [Fact]
    public void Prepared_images_are_estimated_at_their_sent_size()
    {
        var prepared = new PreparedImage(new byte[10], "image/jpeg", 1000, 1000, true, 4000, 4000, 5_000_000);
        Assert.Equal(1333, prepared.EstimateTokens(ProtocolImages.Of("anthropic")));
    }
}
