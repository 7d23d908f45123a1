using SkiaSharp;
using Xunit;

namespace Switchboard.Images.Tests;

public sealed class ImagePreparerTests
{
    private static readonly ImagePreparer Preparer = new();

    // 6000×4000 as stored, left half red and right half blue, tagged "turn 90° clockwise to view" (EXIF 6).
    private static readonly Lazy<byte[]> RotatedPhoto = new(() =>
    {
        using var bitmap = TestImages.Halves(6000, 4000, SKColors.Red, SKColors.Blue);
        return TestImages.WithExifOrientation(TestImages.Jpeg(bitmap), 6);
    });

    // ~30 MB: a 3200×3200 24-bit BMP of noise, the worst case for every encoder.
    private static readonly Lazy<byte[]> HugeNoisyBmp = new(() =>
    {
        using var bitmap = TestImages.Noise(3200, 3200);
        return TestImages.Bmp(bitmap);
    });

    public static TheoryData<string> Protocols => ["openai", "anthropic", "gemini", "ollama"];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Exif_orientation_6_is_applied_and_the_photo_fits(string protocol)
    {
        var limits = ProtocolImages.Of(protocol).Limits;
        var prepared = Preparer.Prepare(RotatedPhoto.Value, "portrait.jpg", limits);

        Assert.True(prepared.WasReencoded);
        Assert.Equal((4000, 6000), (prepared.OriginalWidth, prepared.OriginalHeight));
        Assert.True(prepared.Height > prepared.Width, $"{prepared.Width}×{prepared.Height} is not portrait");
        Assert.True(limits.FitsDimensions(prepared.Width, prepared.Height), $"{prepared.Width}×{prepared.Height}");
        Assert.True(limits.FitsBytes(prepared.Bytes.Length));
        Assert.Equal("image/jpeg", prepared.MediaType);

        // Turning clockwise brings the stored left (red) half to the top.
        using var decoded = TestImages.Decode(prepared.Bytes);
        Assert.Equal((prepared.Width, prepared.Height), (decoded.Width, decoded.Height));
        AssertClose(SKColors.Red, decoded.GetPixel(decoded.Width / 2, decoded.Height / 4));
        AssertClose(SKColors.Blue, decoded.GetPixel(decoded.Width / 2, decoded.Height * 3 / 4));
    }

    [Fact]
    public void Rotated_photo_takes_the_largest_size_each_provider_reads()
    {
        var openai = Preparer.Prepare(RotatedPhoto.Value, "portrait.jpg", ProtocolImages.Of("openai").Limits);
        Assert.Equal((768, 1152), (openai.Width, openai.Height)); // short side 768

        var anthropic = Preparer.Prepare(RotatedPhoto.Value, "portrait.jpg", ProtocolImages.Of("anthropic").Limits);
        Assert.InRange((long)anthropic.Width * anthropic.Height, 1_140_000, 1_150_000); // ~1.15 MP
    }

    [Fact]
    public void Transparent_png_stays_png_with_its_alpha()
    {
        using var bitmap = TestImages.TransparentWithRedSquare(4000, 2800);
        var png = TestImages.Png(bitmap);

        foreach (var limits in new[] { ProtocolImages.Of("openai").Limits, ProtocolImages.Of("anthropic").Limits, ProtocolImages.Of("gemini").Limits, ProtocolImages.Of("ollama").Limits })
        {
            var prepared = Preparer.Prepare(png, "logo.png", limits);
            Assert.True(prepared.WasReencoded);
            Assert.Equal("image/png", prepared.MediaType);
            Assert.Equal(SKEncodedImageFormat.Png, TestImages.FormatOf(prepared.Bytes));
            Assert.True(limits.FitsDimensions(prepared.Width, prepared.Height));

            using var decoded = TestImages.Decode(prepared.Bytes);
            Assert.Equal(0, decoded.GetPixel(2, 2).Alpha);
            var centre = decoded.GetPixel(decoded.Width / 2, decoded.Height / 2);
            Assert.Equal(255, centre.Alpha);
            AssertClose(SKColors.Red, centre);
        }
    }

    [Fact]
    public void Transparent_image_becomes_webp_when_png_is_not_accepted()
    {
        using var bitmap = TestImages.TransparentWithRedSquare(600, 600);
        var limits = ProtocolImages.Of("openai").Limits with { AcceptedMediaTypes = ["image/jpeg", "image/webp"] };

        var prepared = Preparer.Prepare(TestImages.Png(bitmap), "logo.png", limits);

        Assert.Equal("image/webp", prepared.MediaType);
        using var decoded = TestImages.Decode(prepared.Bytes);
        Assert.Equal(0, decoded.GetPixel(2, 2).Alpha);
        Assert.Equal(255, decoded.GetPixel(300, 300).Alpha);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Thirty_megabyte_noisy_bmp_fits_every_byte_budget(string protocol)
    {
        var limits = ProtocolImages.Of(protocol).Limits;
        Assert.True(HugeNoisyBmp.Value.Length > 30_000_000);

        var prepared = Preparer.Prepare(HugeNoisyBmp.Value, "scan.bmp", limits);

        Assert.True(prepared.WasReencoded);
        Assert.True(limits.FitsBytes(prepared.Bytes.Length), $"{prepared.Bytes.Length:N0} bytes");
        Assert.True(prepared.Bytes.Length <= limits.MaxFileBytes);
        Assert.True(limits.FitsDimensions(prepared.Width, prepared.Height));
        Assert.True(limits.Accepts(prepared.MediaType));
        using var decoded = TestImages.Decode(prepared.Bytes);
        Assert.Equal((prepared.Width, prepared.Height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Tight_budget_steps_quality_down_then_shrinks_until_it_fits()
    {
        using var bitmap = TestImages.Noise(1200, 900);
        var limits = ProtocolImages.Of("anthropic").Limits with { MaxBytes = 200_000 };

        var prepared = Preparer.Prepare(TestImages.Jpeg(bitmap, 95), "noise.jpg", limits);

        Assert.True(limits.FitsBytes(prepared.Bytes.Length), $"{prepared.Bytes.Length:N0} bytes");
        Assert.True(prepared.Width < 1200, "a noise image this size cannot reach 150 KB without shrinking");
        Assert.Equal(1200.0 / 900, (double)prepared.Width / prepared.Height, 2);
    }

    [Fact]
    public void Budget_no_image_can_meet_is_an_error_naming_the_file()
    {
        using var bitmap = TestImages.Gradient(400, 300);
        var limits = ProtocolImages.Of("openai").Limits with { MaxBytes = 100 };

        var ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare(TestImages.Jpeg(bitmap), "holiday.jpg", limits));

        Assert.Equal(ImagePreparationFailure.CannotFit, ex.Failure);
        Assert.Contains("holiday.jpg", ex.Message, StringComparison.Ordinal);
        Assert.Contains("100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_an_unknown_format_naming_the_file()
    {
        var ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare("this is a shopping list, not a picture"u8.ToArray(), "notes.png", ProtocolImages.Of("openai").Limits));

        Assert.Equal(ImagePreparationFailure.UnknownFormat, ex.Failure);
        Assert.Equal("notes.png", ex.SourceName);
        Assert.Contains("'notes.png'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_with_damaged_data_is_an_error_naming_the_file()
    {
        using var bitmap = TestImages.Gradient(300, 200);
        var png = TestImages.Png(bitmap);
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        for (var i = idat + 8; i < idat + 200; i++)
        {
            png[i] ^= 0x5A;
        }

        var ex = Assert.Throws<ImagePreparationException>(() => Preparer.Prepare(png, "chart.png", ProtocolImages.Of("openai").Limits));

        Assert.Contains(ex.Failure, new[] { ImagePreparationFailure.Corrupt, ImagePreparationFailure.Truncated });
        Assert.Contains("chart.png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_jpeg_is_an_error_naming_the_file_even_when_it_would_fit()
    {
        using var bitmap = TestImages.Noise(800, 600);
        var jpeg = TestImages.Jpeg(bitmap);
        var truncated = jpeg.AsMemory(0, jpeg.Length * 6 / 10);

        var ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare(truncated, "/photos/cut-short.jpg", ProtocolImages.Of("openai").Limits));

        Assert.Equal(ImagePreparationFailure.Truncated, ex.Failure);
        Assert.Contains("/photos/cut-short.jpg", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Image_too_large_to_decode_is_refused_before_any_memory_is_spent()
    {
        var bomb = TestImages.PngHeaderClaiming(20_000, 20_000); // 400 megapixels in a few dozen bytes

        var ex = Assert.Throws<ImagePreparationException>(() => Preparer.Prepare(bomb, "bomb.png", ProtocolImages.Of("openai").Limits));

        Assert.Equal(ImagePreparationFailure.CannotFit, ex.Failure);
        Assert.Contains("bomb.png", ex.Message, StringComparison.Ordinal);
        Assert.Contains("20000×20000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_an_error_naming_the_file()
    {
        var ex = Assert.Throws<ImagePreparationException>(
            () => Preparer.Prepare(ReadOnlyMemory<byte>.Empty, "blank.jpg", ProtocolImages.Of("openai").Limits));

        Assert.Equal(ImagePreparationFailure.Empty, ex.Failure);
        Assert.Contains("blank.jpg", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Small_fitting_jpeg_is_returned_untouched(string protocol)
    {
        using var bitmap = TestImages.Gradient(640, 480);
        var jpeg = TestImages.Jpeg(bitmap, 85);

        var prepared = Preparer.Prepare(jpeg, "small.jpg", ProtocolImages.Of(protocol).Limits);

        Assert.False(prepared.WasReencoded);
        Assert.Equal("image/jpeg", prepared.MediaType);
        Assert.Equal(jpeg, prepared.Bytes.ToArray());
        Assert.Equal((640, 480, 640, 480), (prepared.Width, prepared.Height, prepared.OriginalWidth, prepared.OriginalHeight));
        Assert.Equal(jpeg.Length, prepared.OriginalBytes);
    }

    [Fact]
    public void Small_jpeg_with_an_exif_turn_is_reencoded_upright()
    {
        using var bitmap = TestImages.Halves(600, 400, SKColors.Red, SKColors.Blue);
        var jpeg = TestImages.WithExifOrientation(TestImages.Jpeg(bitmap), 8);

        var prepared = Preparer.Prepare(jpeg, "small.jpg", ProtocolImages.Of("openai").Limits);

        Assert.True(prepared.WasReencoded);
        Assert.Equal((400, 600), (prepared.Width, prepared.Height));

        // Turning anticlockwise brings the stored left (red) half to the bottom.
        using var decoded = TestImages.Decode(prepared.Bytes);
        AssertClose(SKColors.Blue, decoded.GetPixel(200, 150));
        AssertClose(SKColors.Red, decoded.GetPixel(200, 450));
    }

    [Fact]
    public void Animated_gif_is_read_from_its_first_frame()
    {
        var gif = TestImages.AnimatedGif(120, 80, SKColors.Red, SKColors.Blue);

        var prepared = Preparer.Prepare(gif, "party.gif", ProtocolImages.Of("openai").Limits);

        // OpenAI takes only non-animated GIFs: the first frame goes as PNG.
        Assert.True(prepared.WasReencoded);
        Assert.Equal("image/png", prepared.MediaType);
        Assert.Equal((120, 80), (prepared.Width, prepared.Height));
        using var decoded = TestImages.Decode(prepared.Bytes);
        AssertClose(SKColors.Red, decoded.GetPixel(60, 40));
    }

    [Fact]
    public void Single_frame_gif_within_limits_is_untouched_where_gif_is_accepted()
    {
        var gif = TestImages.AnimatedGif(50, 40, SKColors.Green);

        Assert.False(Preparer.Prepare(gif, "dot.gif", ProtocolImages.Of("anthropic").Limits).WasReencoded);
        var forGemini = Preparer.Prepare(gif, "dot.gif", ProtocolImages.Of("gemini").Limits); // Gemini takes no GIF
        Assert.Equal("image/png", forGemini.MediaType);
        using var decoded = TestImages.Decode(forGemini.Bytes);
        AssertClose(SKColors.Green, decoded.GetPixel(25, 20));
    }

    [Fact]
    public void Webp_decodes_and_passes_where_accepted()
    {
        using var bitmap = TestImages.Halves(300, 200, SKColors.Red, SKColors.Blue);
        var webp = TestImages.Webp(bitmap);

        var openai = Preparer.Prepare(webp, "pic.webp", ProtocolImages.Of("openai").Limits);
        Assert.False(openai.WasReencoded);
        Assert.Equal("image/webp", openai.MediaType);

        var ollama = Preparer.Prepare(webp, "pic.webp", ProtocolImages.Of("ollama").Limits); // Ollama: PNG and JPEG only
        Assert.True(ollama.WasReencoded);
        Assert.Equal("image/jpeg", ollama.MediaType);
        using var decoded = TestImages.Decode(ollama.Bytes);
        AssertClose(SKColors.Red, decoded.GetPixel(50, 100));
        AssertClose(SKColors.Blue, decoded.GetPixel(250, 100));
    }

    [Fact]
    public void Bmp_decodes_and_is_converted_to_png()
    {
        using var bitmap = TestImages.Halves(201, 100, SKColors.Red, SKColors.Blue);

        var prepared = Preparer.Prepare(TestImages.Bmp(bitmap), "old.bmp", ProtocolImages.Of("anthropic").Limits);

        Assert.True(prepared.WasReencoded);
        Assert.Equal("image/png", prepared.MediaType);
        Assert.Equal((201, 100), (prepared.Width, prepared.Height));
        using var decoded = TestImages.Decode(prepared.Bytes);
        Assert.Equal(SKColors.Red, decoded.GetPixel(10, 50));
        Assert.Equal(SKColors.Blue, decoded.GetPixel(190, 50));
    }

    [Fact]
    public void Fitting_dimensions_but_too_many_bytes_is_recompressed_at_the_same_size()
    {
        using var bitmap = TestImages.Noise(1000, 700);
        var png = TestImages.Png(bitmap); // ~2 MB of noise
        var limits = ProtocolImages.Of("anthropic").Limits with { MaxBytes = 1_000_000 };

        var prepared = Preparer.Prepare(png, "noise.png", limits);

        Assert.Equal("image/jpeg", prepared.MediaType);
        Assert.Equal((1000, 700), (prepared.Width, prepared.Height));
        Assert.True(limits.FitsBytes(prepared.Bytes.Length));
    }

    [Theory]
    [InlineData(6000, 4000, "openai", 1152, 768)]
    [InlineData(4000, 6000, "openai", 768, 1152)]
    [InlineData(3000, 1000, "openai", 2048, 682)]
    [InlineData(1000, 500, "openai", 1000, 500)]
    [InlineData(4000, 1000, "anthropic", 1568, 392)]
    [InlineData(10000, 9000, "gemini", 3072, 2764)]
    public void Target_size_keeps_the_aspect_ratio_within_the_limits(int w, int h, string protocol, int tw, int th)
    {
        var limits = ProtocolImages.Of(protocol).Limits;
        var (width, height) = ImagePreparer.FitWithin(w, h, limits);
        Assert.Equal((tw, th), (width, height));
        Assert.True(limits.FitsDimensions(width, height));
    }

    [Fact]
    public void Orientation_moves_every_pixel_where_exif_says()
    {
        // Stored 3×2:  a b c
        //              d e f
        using var stored = new SKBitmap(new SKImageInfo(3, 2, SKColorType.Rgba8888, SKAlphaType.Premul));
        var colours = new[] { 0xFF000001u, 0xFF000002u, 0xFF000003u, 0xFF000004u, 0xFF000005u, 0xFF000006u };
        for (var i = 0; i < 6; i++)
        {
            stored.SetPixel(i % 3, i / 3, new SKColor(colours[i]));
        }

        static uint[] Read(SKBitmap b) => [.. Enumerable.Range(0, b.Width * b.Height).Select(i => (uint)b.GetPixel(i % b.Width, i / b.Width))];

        // 6 (turn clockwise): d a / e b / f c.  8 (anticlockwise): c f / b e / a d.  3 (180°): f e d / c b a.
        using var six = ImageOrientation.Apply(stored, SKEncodedOrigin.RightTop);
        Assert.Equal((2, 3), (six.Width, six.Height));
        Assert.Equal([colours[3], colours[0], colours[4], colours[1], colours[5], colours[2]], Read(six));

        using var eight = ImageOrientation.Apply(stored, SKEncodedOrigin.LeftBottom);
        Assert.Equal([colours[2], colours[5], colours[1], colours[4], colours[0], colours[3]], Read(eight));

        using var three = ImageOrientation.Apply(stored, SKEncodedOrigin.BottomRight);
        Assert.Equal([colours[5], colours[4], colours[3], colours[2], colours[1], colours[0]], Read(three));

        using var two = ImageOrientation.Apply(stored, SKEncodedOrigin.TopRight);
        Assert.Equal([colours[2], colours[1], colours[0], colours[5], colours[4], colours[3]], Read(two));

        Assert.Same(stored, ImageOrientation.Apply(stored, SKEncodedOrigin.TopLeft));
    }

    private static void AssertClose(SKColor expected, SKColor actual, int tolerance = 24)
    {
        Assert.True(
            Math.Abs(expected.Red - actual.Red) <= tolerance
            && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance,
            $"expected {expected}, got {actual}");
    }
}
