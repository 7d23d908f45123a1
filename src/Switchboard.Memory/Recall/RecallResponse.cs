using System.Text.Json.Serialization;

namespace Switchboard.Memory.Recall;

/// <summary>What the <c>recall</c> tool returns to the model.</summary>
/// <param name="Memories">The memories found, best first.</param>
public sealed record RecallResponse([property: JsonPropertyName("memories")] IReadOnlyList<RecalledMemory> Memories);
