using System.Buffers.Binary;
using SkiaSharp;

namespace Switchboard.Images;

/// <summary>
/// Refuses a JPEG or GIF whose header declares far more pixels than its data could possibly hold, before a single
/// pixel is decoded. Skia does not: past the end of a JPEG's scan data libjpeg fills the rest of the picture with
/// zeros and reports success (a camera JPEG whose header claims 65500×65500 decodes for seconds into a grey square),
/// and a GIF's canvas is allocated whole however little its frames cover.
/// </summary>
/// <remarks>The bounds are lower limits on what any valid file needs, so no honest image is refused.</remarks>
internal static class ImagePlausibility
{
    /// <summary>At most this many pixels per bit of GIF data: an LZW code is 2 or more bits and stands for at most 4096 pixels.</summary>
    private const long GifPixelsPerBit = 4096 / 2;

    /// <exception cref="ImagePreparationException">The data cannot hold the pixels the header declares.</exception>
    public static void Check(ReadOnlySpan<byte> bytes, SKCodec codec, string sourceName)
    {
        switch (codec.EncodedFormat)
        {
            case SKEncodedImageFormat.Jpeg:
                CheckJpeg(bytes, sourceName);
                break;
            case SKEncodedImageFormat.Gif:
                CheckGif(bytes.Length, codec.Info.Width, codec.Info.Height, sourceName);
                break;
        }
    }

    private static void CheckGif(long length, int width, int height, string sourceName)
    {
        var canvas = (long)width * height;
        var fillable = length * 8 * GifPixelsPerBit;
        if (canvas > fillable)
        {
            throw new ImagePreparationException(sourceName, ImagePreparationFailure.Corrupt,
                $"its canvas is {width}×{height} pixels, more than its {length:N0} bytes of GIF data could ever fill " +
                $"(at most {fillable:N0} pixels): the header is damaged.");
        }
    }

    /// <summary>
    /// Every 8×8 block of every component costs at least one bit of Huffman-coded data: the code of its DC difference
    /// (a Huffman code is never shorter than one bit), and in a sequential JPEG one more for its end-of-block (or far
    /// more for its AC coefficients). So the scan data must have at least that many bits. Arithmetic-coded, lossless
    /// and hierarchical JPEGs have no such floor and are left to the decoder.
    /// </summary>
    private static void CheckJpeg(ReadOnlySpan<byte> jpeg, string sourceName)
    {
        if (FindFrameAndScan(jpeg) is not var (frame, scanStart, marker))
        {
            return;
        }

        int bitsPerBlock = marker switch
        {
            0xC0 or 0xC1 => 2, // baseline and extended sequential, Huffman
            0xC2 => 1,         // progressive, Huffman
            _ => 0,
        };
        if (bitsPerBlock == 0 || frame.Length < 6)
        {
            return;
        }

        var height = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]);
        var width = BinaryPrimitives.ReadUInt16BigEndian(frame[3..]);
        var components = frame[5];
        if (height == 0 || width == 0 || components == 0 || frame.Length < 6 + (3 * components))
        {
            // A height of 0 is given later (DNL marker); a short header is the decoder's to reject.
            return;
        }

        int maxH = 1, maxV = 1;
        for (var c = 0; c < components; c++)
        {
            var sampling = frame[6 + (3 * c) + 1];
            maxH = Math.Max(maxH, sampling >> 4);
            maxV = Math.Max(maxV, sampling & 0x0F);
        }

        long blocks = 0;
        for (var c = 0; c < components; c++)
        {
            var sampling = frame[6 + (3 * c) + 1];
            var componentWidth = CeilingDivide((long)width * Math.Max(1, sampling >> 4), maxH);
            var componentHeight = CeilingDivide((long)height * Math.Max(1, sampling & 0x0F), maxV);
            blocks += CeilingDivide(componentWidth, 8) * CeilingDivide(componentHeight, 8);
        }

        var neededBytes = CeilingDivide(blocks * bitsPerBlock, 8);
        var availableBytes = (long)jpeg.Length - scanStart;
        if (availableBytes < neededBytes)
        {
            throw new ImagePreparationException(sourceName, ImagePreparationFailure.Truncated,
                $"its header declares {width}×{height} pixels, which take at least {neededBytes:N0} bytes of JPEG data, " +
                $"but it has {availableBytes:N0}: the header is damaged or the file was cut short.");
        }
    }

    /// <summary>The frame header's payload, where the first scan's data starts, and the frame marker; null if not found.</summary>
    private static (byte[] Frame, int ScanStart, byte Marker)? FindFrameAndScan(ReadOnlySpan<byte> jpeg)
    {
        byte[]? frame = null;
        byte frameMarker = 0;
        var offset = 2; // after SOI
        while (offset + 4 <= jpeg.Length)
        {
            if (jpeg[offset] != 0xFF)
            {
                return null;
            }

            var marker = jpeg[offset + 1];
            if (marker == 0xFF)
            {
                offset++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                offset += 2; // no length
                continue;
            }

            if (marker == 0xD9)
            {
                return null; // EOI before any scan
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(offset + 2)..]);
            if (length < 2 || offset + 2 + length > jpeg.Length)
            {
                return null;
            }

            var payload = jpeg.Slice(offset + 4, length - 2);

            // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && frame is null)
            {
                frame = payload.ToArray();
                frameMarker = marker;
            }
            else if (marker == 0xDA)
            {
                return frame is null ? null : (frame, offset + 2 + length, frameMarker);
            }

            offset += 2 + length;
        }

        return null;
    }

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;
}
