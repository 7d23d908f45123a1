using SkiaSharp;

namespace Switchboard.Images;

/// <summary>One attempt at encoding: a format and, for the lossy ones, a quality (0–100).</summary>
internal readonly record struct EncodingStep(SKEncodedImageFormat Format, int Quality)
{
    public string MediaType => ImageFormats.MediaTypeOf(Format);

    /// <summary>The encoded image, or null when Skia cannot encode it.</summary>
    public SKData? Encode(SKPixmap pixmap) => Format switch
    {
        SKEncodedImageFormat.Png => pixmap.Encode(SKPngEncoderOptions.Default),
        SKEncodedImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(
            Quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
        SKEncodedImageFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, Quality)),
        _ => throw new NotSupportedException($"Encoding {Format} is not supported."),
    };
}
