using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>How a dataset is built: the packages, and how many cases of each kind per file.</summary>
public sealed record DatasetRecipe
{
    /// <summary>The seed for choosing lines, so a rebuild gives the same cases.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; } = 12;

    [JsonPropertyName("lines_per_file")]
    public int LinesPerFile { get; init; } = 3;

    [JsonPropertyName("line_ends_per_file")]
    public int LineEndsPerFile { get; init; } = 3;

    [JsonPropertyName("blocks_per_file")]
    public int BlocksPerFile { get; init; } = 2;

    [JsonPropertyName("sources")]
    public required IReadOnlyList<DatasetSource> Sources { get; init; }
}
