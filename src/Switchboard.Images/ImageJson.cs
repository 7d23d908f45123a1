using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Switchboard.Images;

/// <summary>
/// JSON for messages that hold an <see cref="ImageReferenceContent"/>: Microsoft.Extensions.AI serializes
/// <see cref="AIContent"/> polymorphically and refuses types it was not told about, so hashing a conversation for a
/// cache key, or storing it, needs these options.
/// </summary>
public static class ImageJson
{
    /// <summary>The <c>$type</c> of an <see cref="ImageReferenceContent"/>.</summary>
    public const string TypeDiscriminator = "switchboard_image";

    /// <summary><see cref="AIJsonUtilities.DefaultOptions"/> plus <see cref="ImageReferenceContent"/>; read-only.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Registers <see cref="ImageReferenceContent"/> on <paramref name="options"/> (which must not be read-only yet),
    /// keeping its resolver (or <see cref="AIJsonUtilities.DefaultOptions"/>' when it has none) for everything else.
    /// </summary>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static JsonSerializerOptions AddTo(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsReadOnly)
        {
            throw new InvalidOperationException("The JsonSerializerOptions are read-only; add the image content type before they are first used.");
        }

        // Source-generated metadata, so the content serializes with reflection turned off (trimmed and AOT builds).
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(
            options.TypeInfoResolver ?? AIJsonUtilities.DefaultOptions.TypeInfoResolver, ImageJsonContext.Default);
        options.AddAIContentType<ImageReferenceContent>(TypeDiscriminator);
        return options;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = AddTo(new JsonSerializerOptions(AIJsonUtilities.DefaultOptions));
        options.MakeReadOnly();
        return options;
    }
}
