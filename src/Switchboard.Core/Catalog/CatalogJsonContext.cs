using System.Text.Json.Serialization;
using Switchboard.Catalog;

namespace Switchboard.Core.Catalog;

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(CatalogDocument))]
[JsonSerializable(typeof(List<ModelInfo>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
