using System.Text.Json.Serialization;

namespace Switchboard.Memory;

/// <summary>What <c>switchboard memory search QUERY --json</c> prints: <c>{"results":[...]}</c>, best first.</summary>
/// <param name="Results">The hits, best first.</param>
public sealed record MemorySearchResponse([property: JsonPropertyName("results")] IReadOnlyList<MemorySearchResult> Results);
