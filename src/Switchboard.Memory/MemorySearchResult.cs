using System.Text.Json.Serialization;

namespace Switchboard.Memory;

/// <summary>One search hit. Serialized with <see cref="MemoryJsonContext"/> it is the CLI's <c>{"id","conversation_id","text","score"}</c>.</summary>
public sealed record MemorySearchResult
{
    /// <summary>The memory's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The conversation it came from; null for notes.</summary>
    [JsonPropertyName("conversation_id")]
    public string? ConversationId { get; init; }

    /// <summary>The remembered text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <summary>The fused relevance (reciprocal rank fusion): higher is better, comparable within one search only.</summary>
    [JsonPropertyName("score")]
    public required double Score { get; init; }

    /// <summary>Summary, chunk or note.</summary>
    [JsonIgnore]
    public MemoryKind Kind { get; init; }

    /// <summary>When it was remembered.</summary>
    [JsonIgnore]
    public DateTimeOffset CreatedAt { get; init; }
}
