using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Context.Compaction;

/// <summary>
/// Source-generated JSON for the meter and summaries (snake_case), so a surface that serializes responses (print
/// mode's JSON, the gateway) can write the <see cref="ContextUsage"/> in their <c>AdditionalProperties</c>: combine
/// <c>ContextJsonContext.Default</c> into its options' resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ContextUsage))]
[JsonSerializable(typeof(ContextBreakdown))]
[JsonSerializable(typeof(ContextSummary))]
public sealed partial class ContextJsonContext : JsonSerializerContext;
