namespace Switchboard.Images;

/// <summary>
/// What one provider accepts for a single image: the largest size worth sending (beyond it the provider only
/// downscales, so the extra pixels cost bandwidth and latency but buy nothing), the byte budget, and the media types.
/// Each provider folder declares its own in its <see cref="Providers.ProviderImageSupport"/>.
/// </summary>
/// <remarks>
/// Equality compares every limit, media types included, so limits built with <c>with { ... }</c> are distinct cache
/// keys for prepared images while equal limits share one prepared image.
/// </remarks>
public sealed record ImageLimits
{
    /// <summary>The wire protocol these limits are for.</summary>
    public required string Protocol { get; init; }

    /// <summary>The longest edge, in pixels, worth sending.</summary>
    public required int MaxLongEdge { get; init; }

    /// <summary>The shortest edge, in pixels, worth sending.</summary>
    public required int MaxShortEdge { get; init; }

    /// <summary>The largest width × height worth sending.</summary>
    public required long MaxPixels { get; init; }

    /// <summary>The byte budget for one image; see <see cref="MaxBytesCountsBase64"/> for what is counted.</summary>
    public required long MaxBytes { get; init; }

    /// <summary>
    /// Whether the provider counts <see cref="MaxBytes"/> against the base64 text of the image (4 characters per
    /// 3 bytes) rather than the file itself.
    /// </summary>
    public bool MaxBytesCountsBase64 { get; init; }

    /// <summary>The media types the provider takes, such as <c>image/png</c>.</summary>
    public required IReadOnlyList<string> AcceptedMediaTypes { get; init; }

    /// <summary>The byte budget for the encoded file, after undoing base64 where the provider counts that.</summary>
    public long MaxFileBytes => MaxBytesCountsBase64 ? MaxBytes / 4 * 3 : MaxBytes;

    /// <summary>Whether the provider takes this media type.</summary>
    public bool Accepts(string mediaType)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        foreach (var accepted in AcceptedMediaTypes)
        {
            if (string.Equals(accepted, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an image of this size (as displayed) is within every dimension limit.</summary>
    public bool FitsDimensions(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return Math.Max(width, height) <= MaxLongEdge
            && Math.Min(width, height) <= MaxShortEdge
            && (long)width * height <= MaxPixels;
    }

    /// <summary>Whether an encoded file of this many bytes is within the byte budget.</summary>
    public bool FitsBytes(long fileBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileBytes);
        return MaxBytesCountsBase64 ? Base64Length(fileBytes) <= MaxBytes : fileBytes <= MaxBytes;
    }

    /// <inheritdoc />
    public bool Equals(ImageLimits? other) =>
        other is not null
        && string.Equals(Protocol, other.Protocol, StringComparison.Ordinal)
        && MaxLongEdge == other.MaxLongEdge
        && MaxShortEdge == other.MaxShortEdge
        && MaxPixels == other.MaxPixels
        && MaxBytes == other.MaxBytes
        && MaxBytesCountsBase64 == other.MaxBytesCountsBase64
        && AcceptedMediaTypes.SequenceEqual(other.AcceptedMediaTypes, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Protocol, StringComparer.Ordinal);
        hash.Add(MaxLongEdge);
        hash.Add(MaxShortEdge);
        hash.Add(MaxPixels);
        hash.Add(MaxBytes);
        hash.Add(MaxBytesCountsBase64);
        foreach (var mediaType in AcceptedMediaTypes)
        {
            hash.Add(mediaType, StringComparer.OrdinalIgnoreCase);
        }

        return hash.ToHashCode();
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;
}
