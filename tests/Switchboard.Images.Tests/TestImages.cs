using System.Buffers.Binary;
using SkiaSharp;

namespace Switchboard.Images.Tests;

/// <summary>Images made in the tests: Skia encodes PNG, JPEG and WebP; EXIF, GIF and BMP are written by hand.</summary>
internal static class TestImages
{
    public static SKBitmap Halves(int width, int height, SKColor left, SKColor right)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { Color = left };
        canvas.DrawRect(0, 0, width / 2f, height, paint);
        paint.Color = right;
        canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, paint);
        return bitmap;
    }

    /// <summary>A smooth photo-like gradient, so JPEG sizes are realistic.</summary>
    public static SKBitmap Gradient(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        using var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, 0), new SKPoint(width, height),
            [SKColors.DarkBlue, SKColors.Orange, SKColors.ForestGreen], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, width, height, paint);
        return bitmap;
    }

    /// <summary>
    /// A camera-like picture: a smooth gradient with fine grain in one channel, so its JPEG is a few megabytes,
    /// as a phone photo is.
    /// </summary>
    public static SKBitmap Photo(int width, int height, int seed = 7)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = bitmap.GetPixelSpan();
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                pixels[i] = (byte)(x * 255 / width);
                pixels[i + 1] = (byte)(y * 255 / height);
                pixels[i + 2] = (byte)random.Next(256);
                pixels[i + 3] = 0xFF;
            }
        }

        return bitmap;
    }

    public static SKBitmap Noise(int width, int height, int seed = 42)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = bitmap.GetPixelSpan();
        new Random(seed).NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 0xFF;
        }

        return bitmap;
    }

    /// <summary>A transparent canvas with an opaque red square in the middle third.</summary>
    public static SKBitmap TransparentWithRedSquare(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var paint = new SKPaint { Color = SKColors.Red };
        canvas.DrawRect(width / 3f, height / 3f, width / 3f, height / 3f, paint);
        return bitmap;
    }

    public static byte[] Jpeg(SKBitmap bitmap, int quality = 90) => Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);

    public static byte[] Png(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Png, 100);

    public static byte[] Webp(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Webp, 80);

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    public static SKBitmap Decode(ReadOnlyMemory<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("Not an image.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not SKCodecResult.Success)
        {
            throw new InvalidOperationException($"Decode failed: {result}");
        }

        return bitmap;
    }

    public static SKEncodedImageFormat FormatOf(ReadOnlyMemory<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("Not an image.");
        return codec.EncodedFormat;
    }

    /// <summary>
    /// Inserts an EXIF APP1 segment right after the JPEG's SOI marker: "Exif\0\0", a big-endian TIFF header and
    /// one IFD with a single Orientation (tag 0x0112, SHORT) entry.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        if (jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("Not a JPEG.", nameof(jpeg));
        }

        var tiff = new byte[8 + 2 + 12 + 4];
        "MM"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);      // IFD0 follows the header
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);      // one entry
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);      // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);      // count
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation); // value, left-justified
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(22), 0);      // no next IFD

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A 24-bit bottom-up BMP (BITMAPFILEHEADER + BITMAPINFOHEADER) of <paramref name="bitmap"/>.</summary>
    public static byte[] Bmp(SKBitmap bitmap)
    {
        int w = bitmap.Width, h = bitmap.Height;
        var rowBytes = ((w * 3) + 3) & ~3;
        var bmp = new byte[54 + (rowBytes * h)];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), h);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), rowBytes * h);

        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        var pixels = rgba.GetPixelSpan();
        for (var y = 0; y < h; y++)
        {
            var row = bmp.AsSpan(54 + ((h - 1 - y) * rowBytes));
            for (var x = 0; x < w; x++)
            {
                var p = (y * rgba.RowBytes) + (x * 4);
                row[(x * 3) + 0] = pixels[p + 2];
                row[(x * 3) + 1] = pixels[p + 1];
                row[(x * 3) + 2] = pixels[p + 0];
            }
        }

        return bmp;
    }

    /// <summary>
    /// An animated GIF89a whose frames are each filled with one colour. LZW with 8-bit codes: every pixel is a
    /// literal, and a Clear code every 100 literals keeps the table from growing into 9-bit codes.
    /// </summary>
    public static byte[] AnimatedGif(int width, int height, params SKColor[] frameColors)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, width);
        WriteUInt16(gif, height);
        gif.WriteByte(0xF6); // global colour table, 8-bit colour resolution, 2^(6+1) = 128 entries
        gif.WriteByte(0);
        gif.WriteByte(0);
        for (var i = 0; i < 128; i++)
        {
            var c = i < frameColors.Length ? frameColors[i] : SKColors.Black;
            gif.WriteByte(c.Red);
            gif.WriteByte(c.Green);
            gif.WriteByte(c.Blue);
        }

        for (var frame = 0; frame < frameColors.Length; frame++)
        {
            gif.Write([0x21, 0xF9, 0x04, 0x04, 10, 0, 0, 0]); // graphic control: keep frame, 100 ms
            gif.WriteByte(0x2C);
            WriteUInt16(gif, 0);
            WriteUInt16(gif, 0);
            WriteUInt16(gif, width);
            WriteUInt16(gif, height);
            gif.WriteByte(0);
            gif.WriteByte(7); // LZW minimum code size: Clear = 128, End = 129, codes start 8 bits wide

            var codes = new List<byte>();
            for (var i = 0; i < width * height; i++)
            {
                if (i % 100 == 0)
                {
                    codes.Add(128);
                }

                codes.Add((byte)frame);
            }

            codes.Add(129);
            for (var offset = 0; offset < codes.Count; offset += 255)
            {
                var length = Math.Min(255, codes.Count - offset);
                gif.WriteByte((byte)length);
                gif.Write(codes.GetRange(offset, length).ToArray());
            }

            gif.WriteByte(0);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// A PNG whose header claims <paramref name="width"/>×<paramref name="height"/> RGBA pixels, followed by one
    /// tiny IDAT: enough for a decoder to learn the size, far too little to hold the pixels.
    /// </summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// The JPEG with the size in its frame header (SOF: precision, then height and width, big-endian) overwritten,
    /// as a damaged header or a faulty camera writes it: the scan data is still that of the real picture.
    /// </summary>
    public static byte[] WithJpegFrameSize(byte[] jpeg, int width, int height)
    {
        var patched = (byte[])jpeg.Clone();
        var offset = 2;
        while (offset + 9 < patched.Length)
        {
            if (patched[offset] != 0xFF)
            {
                throw new ArgumentException($"No JPEG marker at byte {offset}.", nameof(jpeg));
            }

            var marker = patched[offset + 1];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(patched.AsSpan(offset + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(patched.AsSpan(offset + 7), (ushort)width);
                return patched;
            }

            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(patched.AsSpan(offset + 2));
        }

        throw new ArgumentException("The JPEG has no frame header.", nameof(jpeg));
    }

    /// <summary>
    /// A 35-byte GIF89a whose logical screen (canvas) is <paramref name="width"/>×<paramref name="height"/> and whose
    /// only frame is one pixel: a two-colour global table, a 1×1 image, three LZW codes (Clear, 0, End).
    /// </summary>
    public static byte[] GifWithCanvas(int width, int height)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, width);
        WriteUInt16(gif, height);
        gif.Write([0x80, 0, 0]);                 // global colour table of 2 entries, background 0, no aspect
        gif.Write([0, 0, 0, 255, 255, 255]);     // black, white
        gif.WriteByte(0x2C);                     // image descriptor
        WriteUInt16(gif, 0);
        WriteUInt16(gif, 0);
        WriteUInt16(gif, 1);
        WriteUInt16(gif, 1);
        gif.WriteByte(0);
        gif.Write([2, 2, 0x44, 0x01, 0]);        // LZW minimum code size 2; one 2-byte block: Clear, 0, End; terminator
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        stream.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }
}
