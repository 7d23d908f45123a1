using System.Text.Json.Serialization;

namespace Switchboard.Core.Catalog;

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CatalogDocument))]
[JsonSerializable(typeof(List<ModelInfo>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
