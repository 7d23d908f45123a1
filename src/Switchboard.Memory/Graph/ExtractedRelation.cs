using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Switchboard.Memory.Graph;

/// <summary>A relation as the extraction model reports it (the structured-output schema).</summary>
/// <param name="Source">The name of the entity the relation starts at.</param>
/// <param name="Relation">A short verb phrase: uses, depends_on, owns, works_on, decided, replaces.</param>
/// <param name="Target">The name of the entity the relation points at.</param>
public sealed record ExtractedRelation(
    [property: JsonPropertyName("source"), Description("Name of the entity the relation starts at; must be one of the listed entities.")]
    string Source,
    [property: JsonPropertyName("relation"), Description("A short snake_case verb phrase, e.g. uses, depends_on, owns, works_on, decided, replaces.")]
    string Relation,
    [property: JsonPropertyName("target"), Description("Name of the entity the relation points at; must be one of the listed entities.")]
    string Target);
