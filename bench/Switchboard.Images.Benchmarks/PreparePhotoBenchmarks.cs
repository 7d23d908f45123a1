using BenchmarkDotNet.Attributes;
using SkiaSharp;

namespace Switchboard.Images.Benchmarks;

/// <summary>
/// Preparing a 12-megapixel phone photo (4000×3000 JPEG) for OpenAI and Anthropic, against decoding it whole,
/// the least any preparation that looks at every pixel could do.
/// </summary>
/// <remarks>Public and unsealed: BenchmarkDotNet generates a type that derives from it.</remarks>
[MemoryDiagnoser]
public class PreparePhotoBenchmarks
{
    private readonly ImagePreparer _preparer = new();
    private byte[] _photo = [];

    [GlobalSetup]
    public void CreatePhoto()
    {
        // A gradient with mild grain compresses like a real photo (~2–4 MB at quality 90), unlike a flat gradient.
        using var bitmap = new SKBitmap(4000, 3000, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(bitmap))
        using (var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, 0), new SKPoint(4000, 3000),
            [SKColors.SkyBlue, SKColors.SandyBrown, SKColors.DarkGreen], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, 4000, 3000, paint);
        }

        var pixels = bitmap.GetPixelSpan();
        var random = new Random(7);
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var grain = random.Next(-12, 13);
            pixels[i] = (byte)Math.Clamp(pixels[i] + grain, 0, 255);
            pixels[i + 1] = (byte)Math.Clamp(pixels[i + 1] + grain, 0, 255);
            pixels[i + 2] = (byte)Math.Clamp(pixels[i + 2] + grain, 0, 255);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        _photo = data.ToArray();
    }

    [Benchmark(Baseline = true, Description = "Decode 4000x3000 JPEG whole")]
    public int DecodeOnly()
    {
        using var bitmap = SKBitmap.Decode(_photo);
        return bitmap.Width;
    }

    [Benchmark(Description = "Prepare for OpenAI (1024x768)")]
    public int PrepareForOpenAI() => _preparer.Prepare(_photo, "photo.jpg", Providers.OpenAI.OpenAIImageSupport.Default).Bytes.Length;

    [Benchmark(Description = "Prepare for Anthropic (1238x928)")]
    public int PrepareForAnthropic() => _preparer.Prepare(_photo, "photo.jpg", Providers.Anthropic.AnthropicImageSupport.Default).Bytes.Length;
}
