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
    /// <summary>
    /// An http(s) URL stays a link (<see cref="UriContent"/>): the image preparation step sends it as it is to providers
    /// that fetch images themselves and downloads it for the others. A file becomes a reference read lazily when the
    /// request is sent (and prepared once, however many turns follow).
    /// </summary>
    /// <param name="pathOrUrl">A URL, or a path as typed or dropped (quoted, escaped, <c>~/...</c>; see <see cref="PathArgument"/>).</param>
    /// <param name="getEnvironmentVariable">Where <c>~</c> finds the home folder.</param>
    /// <exception cref="FormatException">The file does not exist; the message names it.</exception>
    public static AIContent Create(string pathOrUrl, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUrl);
        var normalized = PathArgument.Normalize(pathOrUrl, getEnvironmentVariable);
        if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new UriContent(uri, MediaTypeOf(uri));
        }

        var path = Path.GetFullPath(normalized);
        if (!File.Exists(path))
        {
            // The path looked for, after unquoting and ~: what the user typed may not say it.
            throw new FormatException($"Image '{path}' does not exist.");
        }

        return new ImageReferenceContent(new ImageReference(path));
    }

    /// <summary>
    /// "photo.jpg: 6000×4000, 4.2 MB → 1568×1045 JPEG, 310 KB, ~2185 tokens for anthropic". Preparing here costs
    /// nothing extra: the reference keeps the prepared bytes and the request reuses them.
    /// </summary>
    public static async Task<string> DescribeAsync(AIContent content, ProviderDescriptor provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(provider);
        if (content is UriContent link)
        {
            // Not fetched here: a provider that reads links gets it untouched, the others get it downloaded when sent.
            return $"{link.Uri.OriginalString}: sent as a link (downloaded and inlined when sent to a provider that cannot fetch links)";
        }

        if (content is not ImageReferenceContent image)
        {
            throw new ArgumentException($"{content.GetType().Name} is not an attached image.", nameof(content));
        }

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

    /// <summary>The media type a URL's extension suggests; <c>image/*</c> when it suggests none (the bytes decide later).</summary>
    private static string MediaTypeOf(Uri uri) => Path.GetExtension(uri.AbsolutePath).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".bmp" => "image/bmp",
        ".heic" => "image/heic",
        ".heif" => "image/heif",
        _ => "image/*",
    };

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
