using Switchboard.Images;

namespace Switchboard.Providers.Gemini;

/// <summary>What the Gemini protocol accepts for images and how it prices them.</summary>
public sealed class GeminiImageSupport : ProviderImageSupport
{
    public static GeminiImageSupport Instance { get; } = new();

    /// <summary>
    /// Gemini: inline image data must keep the whole request under 20 MB (prompt included, base64 included), and
    /// Vertex AI documents 7 MB per inline file; we budget 7 MB per image so one image, base64-encoded (~9.3 MB),
    /// leaves room for the rest of the request. No pixel limit is documented: images above 384 px are tiled into
    /// 768×768 tiles at 258 tokens each, so we cap the long edge at 3072 (at most 4×4 tiles, 4,128 tokens) as a
    /// cost guard of our own. PNG, JPEG, WEBP, HEIC, HEIF.
    /// https://ai.google.dev/gemini-api/docs/image-understanding
    /// https://ai.google.dev/gemini-api/docs/tokens
    /// https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/image-understanding
    /// </summary>
    public static ImageLimits Default { get; } = new()
    {
        Protocol = "gemini",
        MaxLongEdge = 3072,
        MaxShortEdge = 3072,
        MaxPixels = 3072L * 3072,
        MaxBytes = 7_000_000,
        AcceptedMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"],
    };


    /// <inheritdoc />
    public override ImageLimits Limits => Default;

    /// <inheritdoc />
    public override int EstimateTokens(int width, int height, string? detail = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return Estimate(width, height);
    }

    /// <summary>
    /// Gemini's <c>file_data.file_uri</c> is documented for files uploaded through the Files API and Cloud Storage
    /// (<c>gs://</c>), so other web URLs are downloaded and inlined
    /// (https://ai.google.dev/gemini-api/docs/image-understanding, https://ai.google.dev/api/caching#FileData).
    /// </summary>
    public override bool FetchesUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.IsFile)
        {
            return false;
        }

        var web = uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;
        return !web || IsFilesApiUri(uri);
    }

    private static bool IsFilesApiUri(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps
        && string.Equals(uri.Host, "generativelanguage.googleapis.com", StringComparison.OrdinalIgnoreCase)
        && uri.AbsolutePath.Contains("/files/", StringComparison.Ordinal);

    // https://ai.google.dev/gemini-api/docs/tokens (and image-understanding#technical-details)
    // An image with both sides ≤ 384 px is 258 tokens; a larger one is cropped and scaled into 768×768 tiles,
    // 258 tokens each. (Gemini 3's media_resolution setting replaces this with fixed budgets; this is the
    // Gemini 2.x rule, which the 3.x defaults do not exceed by much.)
    private static int Estimate(int width, int height)
    {
        const int TileTokens = 258;
        if (width <= 384 && height <= 384)
        {
            return TileTokens;
        }

        return TilesOf(width, 768) * TilesOf(height, 768) * TileTokens;
    }

    private static int TilesOf(double length, int tile) => (int)Math.Ceiling(Math.Round(length, 6) / tile);
}
