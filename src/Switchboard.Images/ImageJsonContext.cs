using System.Text.Json.Serialization;

namespace Switchboard.Images;

/// <summary>Source-generated JSON metadata for <see cref="ImageReferenceContent"/>; see <see cref="ImageJson"/>.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageReferenceContent))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;
