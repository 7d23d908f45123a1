using Xunit;

namespace Switchboard.Images.Tests;

public sealed class ImageLimitsTests
{
    [Theory]
    [InlineData("openai", 2048, 768)]
    [InlineData("Anthropic", 1568, 1568)]
    [InlineData(" gemini ", 3072, 3072)]
    [InlineData("ollama", 1568, 1568)]
    public void Each_protocol_declares_its_limits(string protocol, int longEdge, int shortEdge)
    {
        var limits = ProtocolImages.Of(protocol).Limits;
        Assert.Equal(protocol.Trim().ToLowerInvariant(), limits.Protocol);
        Assert.Equal((longEdge, shortEdge), (limits.MaxLongEdge, limits.MaxShortEdge));
    }

    [Fact]
    public void Anthropic_counts_its_5_MB_on_the_base64_text()
    {
        var limits = ProtocolImages.Of("anthropic").Limits;
        Assert.Equal(3_932_160, limits.MaxFileBytes);        // 5,242,880 base64 characters
        Assert.True(limits.FitsBytes(3_932_160));
        Assert.False(limits.FitsBytes(3_932_161));
        Assert.True(ProtocolImages.Of("openai").Limits.FitsBytes(20_000_000)); // OpenAI counts the file
        Assert.False(ProtocolImages.Of("openai").Limits.FitsBytes(20_000_001));
    }

    [Fact]
    public void Media_types_are_per_provider()
    {
        Assert.True(ProtocolImages.Of("openai").Limits.Accepts("image/gif"));
        Assert.False(ProtocolImages.Of("gemini").Limits.Accepts("image/gif"));
        Assert.True(ProtocolImages.Of("gemini").Limits.Accepts("IMAGE/HEIC"));
        Assert.False(ProtocolImages.Of("ollama").Limits.Accepts("image/webp"));
        Assert.False(ProtocolImages.Of("anthropic").Limits.Accepts("image/bmp"));
    }

    [Fact]
    public void Dimension_limits_hold_on_both_edges_and_the_area()
    {
        Assert.True(ProtocolImages.Of("openai").Limits.FitsDimensions(2048, 768));
        Assert.False(ProtocolImages.Of("openai").Limits.FitsDimensions(2049, 700));
        Assert.False(ProtocolImages.Of("openai").Limits.FitsDimensions(1000, 769));
        Assert.True(ProtocolImages.Of("anthropic").Limits.FitsDimensions(1072, 1072));   // 1,149,184 pixels
        Assert.False(ProtocolImages.Of("anthropic").Limits.FitsDimensions(1073, 1073));  // 1,151,329 pixels
    }

    [Fact]
    public void Equal_limits_are_equal_even_as_copies()
    {
        var copy = ProtocolImages.Of("openai").Limits with { AcceptedMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] };
        Assert.Equal(ProtocolImages.Of("openai").Limits, copy);
        Assert.Equal(ProtocolImages.Of("openai").Limits.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(ProtocolImages.Of("openai").Limits, copy with { MaxBytes = 1 });
        Assert.NotEqual(ProtocolImages.Of("openai").Limits, copy with { AcceptedMediaTypes = ["image/png"] });
    }
}
