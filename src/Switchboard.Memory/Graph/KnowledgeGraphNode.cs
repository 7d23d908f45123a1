using System.Text.Json.Serialization;

namespace Switchboard.Memory.Graph;

/// <summary>
/// An entity and its neighbours as a tree, rooted at the entity asked for: each child is a neighbour reached through
/// <see cref="Relation"/> (outgoing when the parent is the relation's source). An entity met again deeper in the
/// tree is listed without children, so cycles end.
/// </summary>
public sealed record KnowledgeGraphNode
{
    /// <summary>The entity's name as first written.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>What the entity is.</summary>
    [JsonPropertyName("type")]
    public required EntityType Type { get; init; }

    /// <summary>The relation from the parent; null at the root.</summary>
    [JsonPropertyName("relation")]
    public string? Relation { get; init; }

    /// <summary>True when the parent is the relation's source (parent -relation-> this); false when this is the source.</summary>
    [JsonPropertyName("outgoing")]
    public bool Outgoing { get; init; }

    /// <summary>The memories that mention this entity, newest first.</summary>
    [JsonPropertyName("memory_ids")]
    public required IReadOnlyList<string> MemoryIds { get; init; }

    /// <summary>The neighbours, one node per relation.</summary>
    [JsonPropertyName("children")]
    public required IReadOnlyList<KnowledgeGraphNode> Children { get; init; }
}
