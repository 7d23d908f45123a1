using System.Runtime.InteropServices;
using SkiaSharp;

namespace Switchboard.Images;

/// <summary>
/// Turns any image a user attaches into one a provider takes: decodes PNG, JPEG, WebP, GIF (first frame) and BMP,
/// stands it up by its EXIF orientation, downsizes it to the provider's <see cref="ImageLimits"/>, and re-encodes
/// it within the byte budget. An image that already fits — accepted type, within the size and byte limits, no EXIF
/// turn, a single frame — is returned byte for byte as given: re-encoding it would only lose quality.
/// </summary>
/// <remarks>Stateless and thread-safe; one instance can serve every request.</remarks>
public sealed class ImagePreparer
{
    /// <summary>
    /// The most pixels we decode into memory at once (4 bytes each, so 480 MB). JPEGs larger than this are decoded
    /// at a reduced scale; other formats beyond it are refused rather than risking the process.
    /// </summary>
    internal const long MaxDecodePixels = 120_000_000;

    /// <summary>
    /// A decode larger than this is preceded by a cheap one at the smallest scale the codec offers (1/8 for JPEG), so
    /// a truncated or damaged file is refused for the price of 1/64 of the memory.
    /// </summary>
    internal const long ProbeAbovePixels = 4_000_000;

    /// <summary>Shrinking stops here: an image that cannot fit the byte budget at this long edge never will.</summary>
    private const int MinLongEdge = 16;

    private static readonly int[] Qualities = [90, 80, 70, 60, 50, 40];
    private static readonly float[] DecodeScales = [0.125f, 0.25f, 0.5f];

    /// <summary>Prepares <paramref name="bytes"/> for a provider with <paramref name="limits"/>.</summary>
    /// <param name="bytes">The encoded image as read from a file, URL or clipboard.</param>
    /// <param name="sourceName">A file path, URL or name; it appears in every error message.</param>
    /// <param name="limits">The provider's limits, from the provider descriptor's <see cref="Providers.ProviderImageSupport"/>.</param>
    /// <exception cref="ImagePreparationException">The image is empty, of an unknown format, corrupt, truncated,
    /// too large to decode, or cannot be made to fit the byte budget.</exception>
    public PreparedImage Prepare(ReadOnlyMemory<byte> bytes, string sourceName, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.IsEmpty)
        {
            throw new ImagePreparationException(sourceName, ImagePreparationFailure.Empty, "the file is empty.");
        }

        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = OpenCodec(data, sourceName);

        // Before anything is decoded: a header that declares more pixels than the data can hold is damaged.
        ImagePlausibility.Check(bytes.Span, codec, sourceName);

        var origin = codec.EncodedOrigin;
        var swaps = ImageOrientation.SwapsAxes(origin);
        var stored = codec.Info.Size;
        var (width, height) = swaps ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
        var mediaType = ImageFormats.MediaTypeOf(codec.EncodedFormat);

        // Animated GIF/WebP: OpenAI takes only non-animated GIFs and the others read the first frame anyway.
        var fitsAsIs = limits.Accepts(mediaType)
            && origin is SKEncodedOrigin.TopLeft
            && codec.FrameCount <= 1
            && limits.FitsDimensions(width, height)
            && limits.FitsBytes(bytes.Length);

        var (targetWidth, targetHeight) = FitWithin(width, height, limits);
        var (decodeWidth, decodeHeight) = swaps ? (targetHeight, targetWidth) : (targetWidth, targetHeight);

        // Decoded even when it fits as is: a truncated or corrupt file must fail here, naming the file, and not
        // as a provider's 400 after the request has been paid for in latency.
        var bitmap = Decode(codec, decodeWidth, decodeHeight, sourceName);
        try
        {
            if (fitsAsIs)
            {
                return new PreparedImage(bytes, mediaType, width, height, false, width, height, bytes.Length);
            }

            bitmap = Replace(bitmap, ImageResizer.Resize(bitmap, decodeWidth, decodeHeight));
            bitmap = Replace(bitmap, ImageOrientation.Apply(bitmap, origin));
            var hasAlpha = HasTransparentPixels(bitmap);
            var steps = PlanEncoding(hasAlpha, ImageFormats.IsLossless(codec.EncodedFormat), limits, sourceName);
            if (hasAlpha && steps[0].Format is SKEncodedImageFormat.Jpeg)
            {
                bitmap = Replace(bitmap, FlattenOnWhite(bitmap));
            }

            return EncodeToFit(ref bitmap, steps, limits, sourceName, width, height, bytes.Length);
        }
        finally
        {
            bitmap.Dispose();
        }
    }

    /// <summary>The largest size with the same aspect ratio that is within every dimension limit.</summary>
    internal static (int Width, int Height) FitWithin(int width, int height, ImageLimits limits)
    {
        double longEdge = Math.Max(width, height), shortEdge = Math.Min(width, height);
        var scale = Math.Min(1.0, Math.Min(limits.MaxLongEdge / longEdge, limits.MaxShortEdge / shortEdge));
        scale = Math.Min(scale, Math.Sqrt(limits.MaxPixels / ((double)width * height)));
        if (scale >= 1)
        {
            return (width, height);
        }

        // The epsilon keeps 6000 × (768 / 4000) at 1152 rather than 1151.9999….
        var w = Math.Max(1, (int)Math.Floor((width * scale) + 1e-6));
        var h = Math.Max(1, (int)Math.Floor((height * scale) + 1e-6));

        // Floating point may land a hair over a pixel limit; step down until every limit holds.
        while (!limits.FitsDimensions(w, h))
        {
            (w, h) = (Math.Max(1, w - 1), Math.Max(1, (int)Math.Floor((w - 1) * (double)height / width)));
        }

        return (w, h);
    }

    private static SKCodec OpenCodec(SKData data, string sourceName)
    {
        // The codec takes ownership of the stream when it is created; otherwise the stream is ours to dispose.
        var stream = new SKMemoryStream(data);
        var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
        {
            stream.Dispose();
            throw CreateFailed(sourceName, result);
        }

        return codec;
    }

    private static SKBitmap Decode(SKCodec codec, int targetWidth, int targetHeight, string sourceName)
    {
        var size = codec.Info.Size;

        // JPEG decodes at 1/8, 1/4 and 1/2 scale in the DCT domain, far faster than decoding whole and shrinking.
        // Take the smallest of those still at least the target size; the codec rounds any other scale to the
        // nearest, which may fall below the target. Other formats answer their full size.
        foreach (var scale in DecodeScales)
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (scaled.Width >= targetWidth && scaled.Height >= targetHeight)
            {
                size = scaled;
                break;
            }
        }

        if ((long)size.Width * size.Height > MaxDecodePixels)
        {
            throw new ImagePreparationException(sourceName, ImagePreparationFailure.CannotFit,
                $"at {size.Width}×{size.Height} pixels it is too large to decode safely (the limit is {MaxDecodePixels / 1_000_000} megapixels).");
        }

        // Decode cheaply first, decide, then spend the memory: a cut-short file fails the small decode the same way.
        var smallest = codec.GetScaledDimensions(DecodeScales[0]);
        if ((long)size.Width * size.Height > ProbeAbovePixels && (long)smallest.Width * smallest.Height < (long)size.Width * size.Height)
        {
            DecodeAt(codec, smallest, sourceName).Dispose();
        }

        return DecodeAt(codec, size, sourceName);
    }

    private static SKBitmap DecodeAt(SKCodec codec, SKSizeI size, string sourceName)
    {
        var alphaType = codec.Info.AlphaType is SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, alphaType, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap();
        try
        {
            if (!bitmap.TryAllocPixels(info))
            {
                throw new ImagePreparationException(sourceName, ImagePreparationFailure.CannotFit,
                    $"there is not enough memory to decode it at {size.Width}×{size.Height} pixels.");
            }

            // Frame 0 by default: the first frame of an animated GIF or WebP. IncompleteInput and ErrorInInput (the
            // decoder filled what it could not read) are failures like any other.
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result is not SKCodecResult.Success)
            {
                throw DecodeFailed(sourceName, codec.EncodedFormat, result);
            }

            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static bool HasTransparentPixels(SKBitmap bitmap)
    {
        if (bitmap.AlphaType is SKAlphaType.Opaque)
        {
            return false;
        }

        // N32 is BGRA or RGBA: alpha is the high byte of each little-endian pixel either way.
        foreach (var pixel in MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan()))
        {
            if (pixel >> 24 != 0xFF)
            {
                return true;
            }
        }

        return false;
    }

    private static List<EncodingStep> PlanEncoding(bool hasAlpha, bool losslessSource, ImageLimits limits, string sourceName)
    {
        var png = limits.Accepts(ImageFormats.Png);
        var jpeg = limits.Accepts(ImageFormats.Jpeg);
        var webp = limits.Accepts(ImageFormats.Webp);
        var steps = new List<EncodingStep>();
        if (hasAlpha)
        {
            // Transparency survives in PNG and in lossy WebP; JPEG would flatten it, so it is the last resort.
            if (png)
            {
                steps.Add(new(SKEncodedImageFormat.Png, 100));
            }

            if (webp)
            {
                steps.AddRange(Qualities.Select(q => new EncodingStep(SKEncodedImageFormat.Webp, q)));
            }

            if (steps.Count == 0 && jpeg)
            {
                steps.AddRange(Qualities.Select(q => new EncodingStep(SKEncodedImageFormat.Jpeg, q)));
            }
        }
        else
        {
            // Screenshots and diagrams stay PNG while they fit; photos go to JPEG with falling quality.
            if (png && losslessSource)
            {
                steps.Add(new(SKEncodedImageFormat.Png, 100));
            }

            if (jpeg || webp)
            {
                var lossy = jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Webp;
                steps.AddRange(Qualities.Select(q => new EncodingStep(lossy, q)));
            }
            else if (png && !losslessSource)
            {
                steps.Add(new(SKEncodedImageFormat.Png, 100));
            }
        }

        if (steps.Count == 0)
        {
            throw new ImagePreparationException(sourceName, ImagePreparationFailure.CannotFit,
                $"the {limits.Protocol} limits accept none of the formats we can write (image/png, image/jpeg, image/webp).");
        }

        return steps;
    }

    private static PreparedImage EncodeToFit(
        ref SKBitmap bitmap, List<EncodingStep> steps, ImageLimits limits, string sourceName,
        int originalWidth, int originalHeight, long originalBytes)
    {
        var budget = limits.MaxFileBytes;
        while (true)
        {
            using var pixmap = bitmap.PeekPixels();
            var smallest = long.MaxValue;
            foreach (var step in steps)
            {
                using var encoded = step.Encode(pixmap)
                    ?? throw new ImagePreparationException(sourceName, ImagePreparationFailure.CannotFit,
                        $"Skia could not encode it as {step.MediaType}.");
                if (limits.FitsBytes(encoded.Size))
                {
                    return new PreparedImage(encoded.ToArray(), step.MediaType, bitmap.Width, bitmap.Height, true,
                        originalWidth, originalHeight, originalBytes);
                }

                smallest = Math.Min(smallest, encoded.Size);
            }

            // Encoded size grows roughly with the pixel count, so shrink both sides by the square root of how far
            // over budget the smallest attempt was, with a margin, and never by less than 10%.
            var factor = Math.Clamp(Math.Sqrt((double)budget / smallest) * 0.9, 0.25, 0.9);
            var width = (int)Math.Floor(bitmap.Width * factor);
            var height = (int)Math.Floor(bitmap.Height * factor);
            if (Math.Max(width, height) < MinLongEdge || Math.Min(width, height) < 1)
            {
                throw new ImagePreparationException(sourceName, ImagePreparationFailure.CannotFit,
                    $"it cannot be compressed under the {limits.Protocol} budget of {budget:N0} bytes " +
                    $"(at {bitmap.Width}×{bitmap.Height} the smallest encoding was {smallest:N0} bytes).");
            }

            bitmap = Replace(bitmap, ImageResizer.Resize(bitmap, width, height));
        }
    }

    private static SKBitmap FlattenOnWhite(SKBitmap bitmap)
    {
        var flat = new SKBitmap(bitmap.Info.WithAlphaType(SKAlphaType.Opaque));
        using var canvas = new SKCanvas(flat);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(bitmap, 0, 0, SKSamplingOptions.Default, paint: null);
        return flat;
    }

    private static SKBitmap Replace(SKBitmap current, SKBitmap next)
    {
        if (!ReferenceEquals(current, next))
        {
            current.Dispose();
        }

        return next;
    }

    private static ImagePreparationException CreateFailed(string sourceName, SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => new(sourceName, ImagePreparationFailure.Truncated,
            "the file ends before its header does (truncated download or copy?)."),
        SKCodecResult.Unimplemented or SKCodecResult.InvalidInput or SKCodecResult.InvalidParameters => new(sourceName,
            ImagePreparationFailure.UnknownFormat,
            "it is not an image format we can read (PNG, JPEG, WebP, GIF or BMP expected)."),
        _ => new(sourceName, ImagePreparationFailure.Corrupt, $"its header is damaged ({result})."),
    };

    private static ImagePreparationException DecodeFailed(string sourceName, SKEncodedImageFormat format, SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => new(sourceName, ImagePreparationFailure.Truncated,
            $"the {format.ToString().ToUpperInvariant()} data ends before the image is complete (truncated file?)."),
        _ => new(sourceName, ImagePreparationFailure.Corrupt,
            $"the {format.ToString().ToUpperInvariant()} data is damaged and cannot be decoded ({result})."),
    };
}
