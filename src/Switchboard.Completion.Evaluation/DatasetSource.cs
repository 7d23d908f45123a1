using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>One installed package whose source files become cases (an entry of a dataset recipe).</summary>
public sealed record DatasetSource
{
    /// <summary>The package name.</summary>
    [JsonPropertyName("package")]
    public required string Package { get; init; }

    /// <summary>The package version.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>Where it is installed from (<c>npm</c>, <c>debian</c>, <c>nuget</c>).</summary>
    [JsonPropertyName("registry")]
    public required string Registry { get; init; }

    /// <summary>Its license (SPDX id).</summary>
    [JsonPropertyName("license")]
    public required string License { get; init; }

    /// <summary>The folder the package's sources are installed in (may use <c>~</c> and environment variables).</summary>
    [JsonPropertyName("root")]
    public required string Root { get; init; }

    /// <summary>Source files to use, relative to <see cref="Root"/>.</summary>
    [JsonPropertyName("files")]
    public required IReadOnlyList<string> Files { get; init; }
}
