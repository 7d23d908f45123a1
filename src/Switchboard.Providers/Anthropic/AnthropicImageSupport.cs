using Switchboard.Images;

namespace Switchboard.Providers.Anthropic;

/// <summary>What the Anthropic protocol accepts for images and how it prices them.</summary>
public sealed class AnthropicImageSupport : ProviderImageSupport
{
    public static AnthropicImageSupport Instance { get; } = new();

    /// <summary>
    /// Anthropic Messages API: an image whose long edge exceeds 1568 px, or which is above ~1,600 tokens, is scaled
    /// down first; the recommendation is at most 1.15 megapixels and 1568 px in both dimensions (larger than
    /// 8000×8000 is rejected). 5 MB per image through the API, counted on the base64 data: the API answers
    /// "image exceeds 5 MB maximum: N bytes &gt; 5242880 bytes" for the encoded string. JPEG, PNG, GIF, WebP.
    /// https://docs.claude.com/en/docs/build-with-claude/vision#evaluate-image-size
    /// https://platform.claude.com/docs/en/build-with-claude/vision.md
    /// https://github.com/anthropics/claude-code/issues/14887 (the 5 MB API limit and its error text)
    /// </summary>
    public static ImageLimits Default { get; } = new()
    {
        Protocol = "anthropic",
        MaxLongEdge = 1568,
        MaxShortEdge = 1568,
        MaxPixels = 1_150_000,
        MaxBytes = 5 * 1024 * 1024,
        MaxBytesCountsBase64 = true,
        AcceptedMediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"],
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

    /// <summary>Anthropic fetches http(s) URLs itself (<c>source.type: url</c>); a local file is read here.</summary>
    public override bool FetchesUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return !uri.IsFile;
    }

    // https://docs.claude.com/en/docs/build-with-claude/vision#calculate-image-costs
    // tokens = (width px × height px) / 750, after Claude's own downscale of an image whose long edge is over
    // 1568 px or which is over ~1,600 tokens. Rounded to the nearest token (1000×1000 → 1333).
    private static int Estimate(int width, int height)
    {
        const double PixelsPerToken = 750;
        const double MaxTokens = 1600;
        double w = width, h = height;
        var scale = Math.Min(1, 1568 / Math.Max(w, h));
        scale = Math.Min(scale, Math.Sqrt(MaxTokens * PixelsPerToken / (w * h)));
        w *= scale;
        h *= scale;
        return (int)Math.Round(w * h / PixelsPerToken, MidpointRounding.AwayFromZero);
    }
}
