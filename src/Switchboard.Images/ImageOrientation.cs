using System.Runtime.InteropServices;
using SkiaSharp;

namespace Switchboard.Images;

/// <summary>
/// Applies an EXIF orientation (TIFF tag 274) so the pixels stand the way the camera meant; providers ignore
/// EXIF, so a portrait photo sent as stored arrives lying on its side.
/// </summary>
/// <remarks>
/// The mapping follows the EXIF 2.3 definition of the Orientation tag (values 1–8, "the 0th row / 0th column"
/// table), which is what <see cref="SKEncodedOrigin"/> names. The pixels are moved exactly (no resampling).
/// </remarks>
internal static class ImageOrientation
{
    /// <summary>Whether the orientation turns the image a quarter, so width and height trade places.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) => origin is SKEncodedOrigin.LeftTop
        or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// The image as displayed: <paramref name="source"/> itself for <see cref="SKEncodedOrigin.TopLeft"/>, otherwise
    /// a new bitmap the caller owns.
    /// </summary>
    public static SKBitmap Apply(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft || (int)origin is < 1 or > 8)
        {
            return source;
        }

        int w = source.Width, h = source.Height;
        var swaps = SwapsAxes(origin);
        var target = new SKBitmap(source.Info.WithSize(swaps ? h : w, swaps ? w : h));
        try
        {
            var from = MemoryMarshal.Cast<byte, uint>(source.GetPixelSpan());
            var to = MemoryMarshal.Cast<byte, uint>(target.GetPixelSpan());
            int fromStride = source.RowBytes / 4, toStride = target.RowBytes / 4;
            int tw = target.Width, th = target.Height;
            for (var y = 0; y < th; y++)
            {
                var row = to.Slice(y * toStride, tw);
                for (var x = 0; x < tw; x++)
                {
                    // (sx, sy) is the stored pixel that is displayed at (x, y).
                    var (sx, sy) = origin switch
                    {
                        SKEncodedOrigin.TopRight => (w - 1 - x, y),         // 2: mirrored left-right
                        SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y), // 3: turned 180°
                        SKEncodedOrigin.BottomLeft => (x, h - 1 - y),       // 4: mirrored top-bottom
                        SKEncodedOrigin.LeftTop => (y, x),                  // 5: transposed
                        SKEncodedOrigin.RightTop => (y, h - 1 - x),         // 6: turn 90° clockwise to view
                        SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x), // 7: transversed
                        _ => (w - 1 - y, x),                                // 8: turn 90° anticlockwise to view
                    };
                    row[x] = from[(sy * fromStride) + sx];
                }
            }

            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }
}
