using Xunit;

namespace Switchboard.Images.Tests;

public sealed class ImageLimitsTests
{
    [Theory]
    [InlineData("openai", 2048, 768)]
    [InlineData("Anthropic", 1568, 1568)]
    [InlineData(" gemini ", 3072, 3072)]
    [InlineData("ollama", 1568, 1568)]
    public void Limits_are_found_by_protocol(string protocol, int longEdge, int shortEdge)
    {
        var limits = ImageLimits.For(protocol);
        Assert.Equal(protocol.Trim().ToLowerInvariant(), limits.Protocol);
        Assert.Equal((longEdge, shortEdge), (limits.MaxLongEdge, limits.MaxShortEdge));
    }

    [Fact]
    public void Unknown_protocol_is_refused_with_the_known_ones() =>
        Assert.Contains("anthropic, gemini, ollama, openai",
            Assert.Throws<ArgumentException>(() => ImageLimits.For("cohere")).Message, StringComparison.Ordinal);

    [Fact]
    public void Anthropic_counts_its_5_MB_on_the_base64_text()
    {
        var limits = ImageLimits.Anthropic;
        Assert.Equal(3_932_160, limits.MaxFileBytes);        // 5,242,880 base64 characters
        Assert.True(limits.FitsBytes(3_932_160));
        Assert.False(limits.FitsBytes(3_932_161));
        Assert.True(ImageLimits.OpenAI.FitsBytes(20_000_000)); // OpenAI counts the file
        Assert.False(ImageLimits.OpenAI.FitsBytes(20_000_001));
    }

    [Fact]
    public void Media_types_are_per_provider()
    {
        Assert.True(ImageLimits.OpenAI.Accepts("image/gif"));
        Assert.False(ImageLimits.Gemini.Accepts("image/gif"));
        Assert.True(ImageLimits.Gemini.Accepts("IMAGE/HEIC"));
        Assert.False(ImageLimits.Ollama.Accepts("image/webp"));
        Assert.False(ImageLimits.Anthropic.Accepts("image/bmp"));
    }

    [Fact]
    public void Dimension_limits_hold_on_both_edges_and_the_area()
    {
        Assert.True(ImageLimits.OpenAI.FitsDimensions(2048, 768));
        Assert.False(ImageLimits.OpenAI.FitsDimensions(2049, 700));
        Assert.False(ImageLimits.OpenAI.FitsDimensions(1000, 769));
        Assert.True(ImageLimits.Anthropic.FitsDimensions(1072, 1072));   // 1,149,184 pixels
        Assert.False(ImageLimits.Anthropic.FitsDimensions(1073, 1073));  // 1,151,329 pixels
    }

    [Fact]
    public void Equal_limits_are_equal_even_as_copies()
    {
        var copy = ImageLimits.OpenAI with { AcceptedMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] };
        Assert.Equal(ImageLimits.OpenAI, copy);
        Assert.Equal(ImageLimits.OpenAI.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(ImageLimits.OpenAI, copy with { MaxBytes = 1 });
        Assert.NotEqual(ImageLimits.OpenAI, copy with { AcceptedMediaTypes = ["image/png"] });
    }
}
