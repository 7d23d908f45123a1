using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Catalog;

namespace Switchboard.Core.Catalog;

/// <summary>The shape of <c>models.json</c> (shipped) and of the <c>models</c> list in the user's config.</summary>
internal sealed class CatalogDocument
{
    [JsonPropertyName("sources")]
    public List<JsonElement> Sources { get; set; } = [];

    [JsonPropertyName("models")]
    public List<ModelInfo> Models { get; set; } = [];
}
