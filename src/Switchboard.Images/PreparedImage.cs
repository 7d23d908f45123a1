using Microsoft.Extensions.AI;
using Switchboard.Providers;

namespace Switchboard.Images;

/// <summary>
/// An image ready to send: its bytes and media type, its size as sent, and what it was before. When
/// <see cref="WasReencoded"/> is false, <see cref="Bytes"/> are the caller's bytes, untouched.
/// </summary>
/// <param name="Bytes">The encoded image to send.</param>
/// <param name="MediaType">The media type of <paramref name="Bytes"/>, such as <c>image/jpeg</c>.</param>
/// <param name="Width">Width as sent, in pixels.</param>
/// <param name="Height">Height as sent, in pixels.</param>
/// <param name="WasReencoded">Whether the image was decoded and encoded again (resized, rotated, converted or compressed).</param>
/// <param name="OriginalWidth">Width of the source as displayed (after its EXIF orientation).</param>
/// <param name="OriginalHeight">Height of the source as displayed (after its EXIF orientation).</param>
/// <param name="OriginalBytes">Size of the source file in bytes.</param>
public sealed record PreparedImage(
    ReadOnlyMemory<byte> Bytes,
    string MediaType,
    int Width,
    int Height,
    bool WasReencoded,
    int OriginalWidth,
    int OriginalHeight,
    long OriginalBytes)
{
    /// <summary>Estimated input tokens this image costs with a provider, by the provider's own formula.</summary>
    public int EstimateTokens(ProviderImageSupport images, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.EstimateTokens(Width, Height, detail);
    }

    /// <summary>The image as Microsoft.Extensions.AI content for a chat message.</summary>
    public DataContent ToDataContent(string? name = null) => new(Bytes, MediaType) { Name = name };
}
