using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Switchboard.Memory.Graph;

/// <summary>What one summary says about entities and how they relate: the structured output of extraction.</summary>
/// <param name="Entities">People, projects, files, services, libraries and decisions named in the text.</param>
/// <param name="Relations">How those entities relate, as the text states it.</param>
[Description("Entities and relations stated in a conversation summary.")]
public sealed record ExtractedKnowledge(
    [property: JsonPropertyName("entities")] IReadOnlyList<ExtractedEntity> Entities,
    [property: JsonPropertyName("relations")] IReadOnlyList<ExtractedRelation> Relations)
{
    /// <summary>Nothing found.</summary>
    public static ExtractedKnowledge Empty { get; } = new([], []);
}
