using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>Source-generated JSON for cases and reports.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CompletionCase))]
[JsonSerializable(typeof(EvaluationReport))]
internal sealed partial class DatasetJsonContext : JsonSerializerContext;
