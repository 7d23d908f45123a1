using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Switchboard.Memory.Graph;

/// <summary>An entity as the extraction model reports it (the structured-output schema).</summary>
/// <param name="Name">The name as written in the text.</param>
/// <param name="Type">One of person, project, file, service, library, decision, other.</param>
public sealed record ExtractedEntity(
    [property: JsonPropertyName("name"), Description("The entity's name as written in the text, e.g. 'Alice', 'billing-service', 'src/Program.cs'.")]
    string Name,
    [property: JsonPropertyName("type"), Description("One of: person, project, file, service, library, decision, other.")]
    string Type);
