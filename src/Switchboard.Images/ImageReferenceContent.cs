using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Switchboard.Images;

/// <summary>
/// An image in a chat message that is not read yet: a file path, URL or bytes held by an <see cref="ImageReference"/>.
/// <see cref="ImagePreparingChatClient"/> replaces it with a prepared <see cref="DataContent"/> when a request is
/// sent, so a conversation can carry it on every turn and the image is read and prepared once.
/// </summary>
/// <remarks>
/// Serializes as <c>{"$type":"switchboard_image","name":...,"source":...}</c> with the options from
/// <see cref="ImageJson"/>; <c>source</c> is <see cref="ImageReference.Source"/>. <c>AdditionalProperties</c> (such as
/// OpenAI's <c>detail</c>) are carried over onto the prepared content.
/// </remarks>
public sealed class ImageReferenceContent : AIContent
{
    /// <summary>Wraps <paramref name="reference"/>; <see cref="Name"/> starts as its file name.</summary>
    public ImageReferenceContent(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference;
        Name = FileNameOf(reference.Name);
    }

    /// <summary>Rebuilds a reference from its serialized form.</summary>
    [JsonConstructor]
    internal ImageReferenceContent(string source, string? name)
    {
        Reference = ImageReference.FromSource(source, name);
        Name = name;
    }

    /// <summary>The image, read and prepared when first needed.</summary>
    [JsonIgnore]
    public ImageReference Reference { get; }

    /// <summary>A name for the image (a file name), given to the prepared content.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>What identifies the image in serialized messages; see <see cref="ImageReference.Source"/>.</summary>
    [JsonPropertyName("source")]
    public string Source => Reference.Source;

    /// <inheritdoc />
    public override string ToString() => Reference.Name;

    internal static string? FileNameOf(string name)
    {
        var fileName = Path.GetFileName(name.TrimEnd('/'));
        return fileName.Length > 0 ? fileName : null;
    }
}
