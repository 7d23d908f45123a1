using SkiaSharp;

namespace Switchboard.Images;

/// <summary>High-quality downscaling: box-filtered halvings while the image is more than twice the target, then one
/// Mitchell cubic step. A single cubic step over a large ratio would skip most source pixels and alias.</summary>
internal static class ImageResizer
{
    private static readonly SKSamplingOptions Halving = new(SKFilterMode.Linear, SKMipmapMode.None);
    private static readonly SKSamplingOptions Final = new(SKCubicResampler.Mitchell);

    /// <summary><paramref name="source"/> itself when it already has the size, otherwise a new bitmap the caller owns.</summary>
    public static SKBitmap Resize(SKBitmap source, int width, int height)
    {
        var current = source;
        try
        {
            // Bilinear sampling at exactly half size reads the four source pixels around each target centre
            // with equal weights: a 2×2 box filter.
            while (current.Width / 2 >= width && current.Height / 2 >= height)
            {
                current = Replace(current, source, Scale(current, current.Width / 2, current.Height / 2, Halving));
            }

            if (current.Width != width || current.Height != height)
            {
                current = Replace(current, source, Scale(current, width, height, Final));
            }

            return current;
        }
        catch
        {
            if (!ReferenceEquals(current, source))
            {
                current.Dispose();
            }

            throw;
        }
    }

    private static SKBitmap Scale(SKBitmap bitmap, int width, int height, SKSamplingOptions sampling) =>
        bitmap.Resize(bitmap.Info.WithSize(width, height), sampling)
        ?? throw new InvalidOperationException($"Skia could not resize a {bitmap.Width}×{bitmap.Height} image to {width}×{height}.");

    private static SKBitmap Replace(SKBitmap current, SKBitmap source, SKBitmap next)
    {
        if (!ReferenceEquals(current, source))
        {
            current.Dispose();
        }

        return next;
    }
}
