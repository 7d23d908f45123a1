using SkiaSharp;

namespace Switchboard.Images;

/// <summary>Media types of the formats Skia decodes, and which of them are lossless.</summary>
internal static class ImageFormats
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Webp = "image/webp";
    public const string Gif = "image/gif";

    public static string MediaTypeOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => Png,
        SKEncodedImageFormat.Jpeg => Jpeg,
        SKEncodedImageFormat.Webp => Webp,
        SKEncodedImageFormat.Gif => Gif,
        SKEncodedImageFormat.Bmp => "image/bmp",
        SKEncodedImageFormat.Ico => "image/x-icon",
        SKEncodedImageFormat.Wbmp => "image/vnd.wap.wbmp",
        SKEncodedImageFormat.Heif => "image/heif",
        SKEncodedImageFormat.Avif => "image/avif",
        SKEncodedImageFormat.Dng => "image/x-adobe-dng",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Formats whose content is usually drawn rather than photographed (screenshots, diagrams, icons), where PNG
    /// keeps text sharp and often compresses better than JPEG.
    /// </summary>
    public static bool IsLossless(SKEncodedImageFormat format) => format is SKEncodedImageFormat.Png
        or SKEncodedImageFormat.Gif or SKEncodedImageFormat.Bmp or SKEncodedImageFormat.Ico
        or SKEncodedImageFormat.Wbmp;
}
