using Xunit;

namespace Switchboard.Images.Tests;

[CollectionDefinition(nameof(ImplausibleImageTests), DisableParallelization = true)]
public sealed class MemoryMeasuredCollection;

/// <summary>
/// Headers that declare far more pixels than their data can hold: refused before any pixel memory is spent, the way
/// a truncated file is. Run alone, so the memory they measure is their own.
/// </summary>
[Collection(nameof(ImplausibleImageTests))]
public sealed class ImplausibleImageTests
{
    /// <summary>Far below the 268 MB a 1/8-scale decode of 65500×65500 takes; the source copy and codec fit easily.</summary>
    private const long MemoryBound = 64L * 1024 * 1024;

    private static readonly ImagePreparer Preparer = new();

    // A 4000×3000 photo, a few MB as a phone makes it, with its frame header rewritten to 65500×65500.
    private static readonly Lazy<byte[]> CameraJpegClaiming65500 = new(() =>
    {
        using var bitmap = TestImages.Photo(4000, 3000);
        return TestImages.WithJpegFrameSize(TestImages.Jpeg(bitmap, 92), 65500, 65500);
    });

    [Theory]
    [InlineData("openai")]
    [InlineData("gemini")]
    public void A_camera_jpeg_whose_header_claims_65500_square_is_refused_like_a_truncated_file(string protocol)
    {
        var jpeg = CameraJpegClaiming65500.Value;
        ImagePreparationException? ex = null;

        var growth = MeasureIfPossible(() => ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare(jpeg, "/photos/IMG_2041.JPG", ProtocolImages.Of(protocol).Limits)));

        Assert.Equal(ImagePreparationFailure.Truncated, ex!.Failure);
        Assert.Contains("/photos/IMG_2041.JPG", ex.Message, StringComparison.Ordinal);
        Assert.Contains("65500×65500", ex.Message, StringComparison.Ordinal);
        Assert.True(growth < MemoryBound, $"preparing grew memory by {growth / (1024 * 1024)} MB");
    }

    [Fact]
    public void A_35_byte_gif_with_a_65535_square_canvas_is_refused_without_decoding_the_canvas()
    {
        var gif = TestImages.GifWithCanvas(65535, 65535);
        Assert.Equal(35, gif.Length);
        ImagePreparationException? ex = null;

        var growth = MeasureIfPossible(() => ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare(gif, "spacer.gif", ProtocolImages.Of("anthropic").Limits)));

        Assert.Equal(ImagePreparationFailure.Corrupt, ex!.Failure);
        Assert.Contains("spacer.gif", ex.Message, StringComparison.Ordinal);
        Assert.Contains("65535×65535", ex.Message, StringComparison.Ordinal);
        Assert.True(growth < MemoryBound, $"preparing grew memory by {growth / (1024 * 1024)} MB");
    }

    [Fact]
    public void A_truncated_large_jpeg_is_refused_from_a_cheap_small_decode_before_the_full_one()
    {
        // For Gemini this decodes at half size, 4000×3000 (48 MB of pixels); at 1/8 it is 1000×750 (3 MB).
        byte[] truncated;
        using (var bitmap = TestImages.Gradient(8000, 6000))
        {
            var jpeg = TestImages.Jpeg(bitmap);
            truncated = jpeg[..(jpeg.Length * 6 / 10)];
        }

        ImagePreparationException? ex = null;
        var growth = MeasureIfPossible(() => ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare(truncated, "panorama.jpg", ProtocolImages.Of("gemini").Limits)));

        Assert.Equal(ImagePreparationFailure.Truncated, ex!.Failure);
        Assert.Contains("panorama.jpg", ex.Message, StringComparison.Ordinal);
        Assert.True(growth < 24L * 1024 * 1024, $"preparing grew memory by {growth / (1024 * 1024)} MB");
    }

    [Fact]
    public void A_small_frame_on_a_modest_canvas_and_an_honest_photo_are_still_accepted()
    {
        // The canvas is mostly background, but no larger than a GIF of this size could fill.
        var sprite = Preparer.Prepare(TestImages.GifWithCanvas(300, 200), "sprite.gif", ProtocolImages.Of("anthropic").Limits);
        Assert.Equal((300, 200), (sprite.OriginalWidth, sprite.OriginalHeight));

        using var bitmap = TestImages.Photo(1600, 1200);
        var photo = Preparer.Prepare(TestImages.Jpeg(bitmap, 92), "honest.jpg", ProtocolImages.Of("openai").Limits);
        Assert.Equal((1600, 1200), (photo.OriginalWidth, photo.OriginalHeight));
        using var decoded = TestImages.Decode(photo.Bytes);
        Assert.NotEqual(decoded.GetPixel(10, 10), decoded.GetPixel(decoded.Width - 10, decoded.Height - 10));
    }

    private static long MeasureIfPossible(Action action)
    {
        if (!PeakMemory.IsAvailable)
        {
            action();
            return 0;
        }

        return PeakMemory.GrowthInBytes(action);
    }
}
