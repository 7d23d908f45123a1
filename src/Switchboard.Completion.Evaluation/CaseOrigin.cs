using System.Text.Json.Serialization;

namespace Switchboard.Completion.Evaluation;

/// <summary>Where a case's source file comes from, so anyone can check it and its license.</summary>
/// <param name="Package">The package name (<c>rxjs</c>, <c>libpython3.11-stdlib</c>, <c>Polyfill</c>).</param>
/// <param name="Version">The package version.</param>
/// <param name="Registry">Where the package was installed from (<c>npm</c>, <c>debian</c>, <c>nuget</c>).</param>
/// <param name="Path">The file's path inside the installed package.</param>
/// <param name="License">The package's license (SPDX id).</param>
public sealed record CaseOrigin(
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("registry")] string Registry,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("license")] string License);
