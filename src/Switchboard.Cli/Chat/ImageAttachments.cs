using System.Globalization;
using Microsoft.Extensions.AI;
using Switchboard.Images;
using Switchboard.Providers;

namespace Switchboard.Cli.Chat;

/// <summary>
/// Turns image paths and URLs into message content, and describes them for the user: size before and after
/// preparation for the current model's provider, and the tokens it will cost.
/// </summary>
internal static class ImageAttachments
{
    /// <summary>A reference read lazily when the request is sent (and prepared once, however many turns follow).</summary>
    public static ImageReferenceContent Create(string pathOrUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUrl);
        if (Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new ImageReferenceContent(new ImageReference(uri));
        }

        var path = Path.GetFullPath(pathOrUrl);
        if (!File.Exists(path))
        {
            throw new FormatException($"Image '{pathOrUrl}' does not exist.");
        }

        return new ImageReferenceContent(new ImageReference(path));
    }

    /// <summary>
    /// "photo.jpg: 6000×4000, 4.2 MB → 1568×1045 JPEG, 310 KB, ~2185 tokens for anthropic". Preparing here costs
    /// nothing extra: the reference keeps the prepared bytes and the request reuses them.
    /// </summary>
    public static async Task<string> DescribeAsync(ImageReferenceContent image, ProviderDescriptor provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Images is not { } images)
        {
            return $"{image.Name}: the {provider.Protocol} provider cannot read images";
        }

        var prepared = await image.Reference.GetPreparedAsync(images.Limits, cancellationToken);
        var original = $"{prepared.OriginalWidth}×{prepared.OriginalHeight}, {Size(prepared.OriginalBytes)}";
        var sent = prepared.WasReencoded
            ? $" → {prepared.Width}×{prepared.Height} {prepared.MediaType}, {Size(prepared.Bytes.Length)}"
            : " (sent as is)";
        return $"{image.Name}: {original}{sent}, ~{prepared.EstimateTokens(images).ToString(CultureInfo.InvariantCulture)} tokens for {provider.Protocol}";
    }

    /// <summary>A user message of text plus images.</summary>
    public static ChatMessage Message(string text, IEnumerable<AIContent> images) =>
        new(ChatRole.User, [new TextContent(text), .. images]);

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
