using Switchboard.Images;

namespace Switchboard.Providers;

/// <summary>What one wire protocol accepts for images, how it prices them, and which image URLs it fetches itself.</summary>
public abstract class ProviderImageSupport
{
    /// <summary>The largest image worth sending, the byte budget and the media types.</summary>
    public abstract ImageLimits Limits { get; }

    /// <summary>Estimated input tokens for an image of this size as sent, following the provider's documented formula.</summary>
    /// <param name="width">Width as sent, in pixels.</param>
    /// <param name="height">Height as sent, in pixels.</param>
    /// <param name="detail">A detail hint where the protocol has one (OpenAI's <c>low</c>/<c>high</c>/<c>auto</c>).</param>
    public abstract int EstimateTokens(int width, int height, string? detail = null);

    /// <summary>
    /// Whether the provider fetches this image URL itself, so it is sent as a URL, untouched; otherwise it is
    /// downloaded and inlined before sending.
    /// </summary>
    public abstract bool FetchesUrl(Uri uri);

    /// <summary>The most an image of unknown size can cost: an image at the largest size worth sending.</summary>
    public int MaxTokensPerImage => EstimateTokens(Limits.MaxLongEdge, Math.Min(Limits.MaxShortEdge, (int)(Limits.MaxPixels / Limits.MaxLongEdge)));
}
