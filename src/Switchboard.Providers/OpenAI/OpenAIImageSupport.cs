using Switchboard.Images;

namespace Switchboard.Providers.OpenAI;

/// <summary>What the OpenAI protocol accepts for images and how it prices them.</summary>
public sealed class OpenAIImageSupport : ProviderImageSupport
{
    public static OpenAIImageSupport Instance { get; } = new();

    /// <summary>
    /// OpenAI (chat completions and responses, and every OpenAI-compatible server), for <c>detail: high</c>:
    /// the image is fitted into 2048×2048 and then scaled so its shortest side is 768 px, so nothing larger than
    /// 2048 on the long side or 768 on the short side reaches the model. Up to 20 MB per image (50 MB of image
    /// bytes per request); PNG, JPEG, WEBP and non-animated GIF.
    /// https://platform.openai.com/docs/guides/images-vision?api-mode=chat#image-input-requirements
    /// https://platform.openai.com/docs/guides/images-vision?api-mode=chat#calculating-costs
    /// </summary>
    public static ImageLimits Default { get; } = new()
    {
        Protocol = "openai",
        MaxLongEdge = 2048,
        MaxShortEdge = 768,
        MaxPixels = 2048L * 768,
        MaxBytes = 20_000_000,
        AcceptedMediaTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"],
    };


    /// <inheritdoc />
    public override ImageLimits Limits => Default;

    /// <inheritdoc />
    public override int EstimateTokens(int width, int height, string? detail = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return Estimate(width, height, detail);
    }

    /// <summary>OpenAI fetches http(s) and data URLs itself (<c>image_url.url</c>); a local file is read here.</summary>
    public override bool FetchesUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return !uri.IsFile;
    }

    // https://platform.openai.com/docs/guides/images-vision?api-mode=chat#calculating-costs
    // detail low: a flat 85 tokens. detail high (and auto, which we count as high so the estimate never falls
    // short): fit within 2048×2048, then scale so the shortest side is 768 px, then 170 tokens per 512 px tile
    // plus 85. The docs' examples: 1024×1024 → 768×768, 4 tiles, 765 tokens; 2048×4096 → 768×1536, 6 tiles,
    // 1105 tokens. The docs give no example below 768; we do not scale a smaller image up, as the common
    // calculators do (a 512×512 image is one tile, 255 tokens).
    private static int Estimate(int width, int height, string? detail)
    {
        const int BaseTokens = 85;
        const int TileTokens = 170;
        if (string.Equals(detail?.Trim(), "low", StringComparison.OrdinalIgnoreCase))
        {
            return BaseTokens;
        }

        double w = width, h = height;
        var fit = Math.Min(1, 2048 / Math.Max(w, h));
        w *= fit;
        h *= fit;
        var shortest = Math.Min(w, h);
        if (shortest > 768)
        {
            var scale = 768 / shortest;
            w *= scale;
            h *= scale;
        }

        var tiles = TilesOf(w, 512) * TilesOf(h, 512);
        return BaseTokens + (TileTokens * tiles);
    }

    private static int TilesOf(double length, int tile) => (int)Math.Ceiling(Math.Round(length, 6) / tile);
}
