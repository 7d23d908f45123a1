using System.Text.Json.Serialization;

namespace Switchboard.Providers.Tests.Embeddings;

/// <summary>Source-generated JSON for the embedding emulators (reflection is off in this project).</summary>
[JsonSerializable(typeof(float[]))]
internal sealed partial class EmbeddingTestJsonContext : JsonSerializerContext;
