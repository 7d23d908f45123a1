namespace Switchboard.Images;

/// <summary>
/// Estimates the input tokens an image costs with each provider, from its size as sent, for cost and
/// context-window accounting before the provider reports usage. Each formula follows the provider's
/// documentation, including the provider's own downscaling of an image larger than it reads.
/// </summary>
public static class ImageTokenEstimator
{
    /// <summary>Estimated input tokens for a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    /// <param name="width">Width as sent, in pixels.</param>
    /// <param name="height">Height as sent, in pixels.</param>
    /// <param name="protocol"><c>openai</c>, <c>anthropic</c>, <c>gemini</c> or <c>ollama</c>.</param>
    /// <param name="detail">OpenAI's <c>detail</c>: <c>low</c>, <c>high</c> or <c>auto</c> (the default, counted as high).</param>
    /// <exception cref="ArgumentException">The protocol is unknown.</exception>
    public static int Estimate(int width, int height, string protocol, string? detail = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(protocol);
        return protocol.Trim().ToLowerInvariant() switch
        {
            "openai" => OpenAI(width, height, detail),
            "anthropic" => Anthropic(width, height),
            "gemini" => Gemini(width, height),
            "ollama" => Ollama(width, height),
            _ => throw new ArgumentException(
                $"No image token formula is known for protocol '{protocol}'. Known: anthropic, gemini, ollama, openai.",
                nameof(protocol)),
        };
    }

    // https://platform.openai.com/docs/guides/images-vision?api-mode=chat#calculating-costs
    // detail low: a flat 85 tokens. detail high (and auto, which we count as high so the estimate never falls
    // short): fit within 2048×2048, then scale so the shortest side is 768 px, then 170 tokens per 512 px tile
    // plus 85. The docs' examples: 1024×1024 → 768×768, 4 tiles, 765 tokens; 2048×4096 → 768×1536, 6 tiles,
    // 1105 tokens. The docs give no example below 768; we do not scale a smaller image up, as the common
    // calculators do (a 512×512 image is one tile, 255 tokens).
    private static int OpenAI(int width, int height, string? detail)
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

    // https://docs.claude.com/en/docs/build-with-claude/vision#calculate-image-costs
    // tokens = (width px × height px) / 750, after Claude's own downscale of an image whose long edge is over
    // 1568 px or which is over ~1,600 tokens. Rounded to the nearest token (1000×1000 → 1333).
    private static int Anthropic(int width, int height)
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

    // https://ai.google.dev/gemini-api/docs/tokens (and image-understanding#technical-details)
    // An image with both sides ≤ 384 px is 258 tokens; a larger one is cropped and scaled into 768×768 tiles,
    // 258 tokens each. (Gemini 3's media_resolution setting replaces this with fixed budgets; this is the
    // Gemini 2.x rule, which the 3.x defaults do not exceed by much.)
    private static int Gemini(int width, int height)
    {
        const int TileTokens = 258;
        if (width <= 384 && height <= 384)
        {
            return TileTokens;
        }

        return TilesOf(width, 768) * TilesOf(height, 768) * TileTokens;
    }

    // Ollama documents no figure: the count belongs to the model's vision encoder. Qwen2-VL/2.5-VL, among the
    // larger consumers, spend one token per 28×28 patch (https://huggingface.co/Qwen/Qwen2-VL-7B-Instruct
    // discussion 47); fixed-size encoders (LLaVA 576, Gemma 3 256) cost less, so this errs on the safe side for
    // context accounting. Local models cost no money.
    private static int Ollama(int width, int height) => TilesOf(width, 28) * TilesOf(height, 28);

    private static int TilesOf(double length, int tile) => (int)Math.Ceiling(Math.Round(length, 6) / tile);
}
