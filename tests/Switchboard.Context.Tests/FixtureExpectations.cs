using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Context.Tests;

/// <summary>The recorded provider transcripts' expectations (<c>tests/Switchboard.Providers.Tests/Fixtures/expected.json</c>).</summary>
internal static class FixtureExpectations
{
    public static IReadOnlyList<Entry> Load()
    {
        var path = Path.Combine(RepositoryRoot(), "tests", "Switchboard.Providers.Tests", "Fixtures", "expected.json");
        return JsonSerializer.Deserialize(File.ReadAllText(path), FixtureJsonContext.Default.ListEntry)!;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Switchboard.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Switchboard.slnx not found above the test's folder.");
    }

    public sealed record Entry(
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("provider")] string Provider,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("input_tokens")] long? InputTokens,
        [property: JsonPropertyName("output_tokens")] long? OutputTokens,
        [property: JsonPropertyName("source")] string? Source);
}

[JsonSerializable(typeof(List<FixtureExpectations.Entry>))]
internal sealed partial class FixtureJsonContext : JsonSerializerContext;
