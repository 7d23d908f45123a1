using System.Text.Json.Serialization;
using Switchboard.Memory.Graph;
using Switchboard.Memory.Recall;

namespace Switchboard.Memory;

/// <summary>Source-generated JSON for everything memory reads or writes: CLI output, structured extraction, the recall tool.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MemorySearchResponse))]
[JsonSerializable(typeof(MemoryEntry))]
[JsonSerializable(typeof(IReadOnlyList<MemoryEntry>))]
[JsonSerializable(typeof(KnowledgeGraphNode))]
[JsonSerializable(typeof(ExtractedKnowledge))]
[JsonSerializable(typeof(RecallResponse))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
public sealed partial class MemoryJsonContext : JsonSerializerContext;
