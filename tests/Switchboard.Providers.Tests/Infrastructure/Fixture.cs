using System.Text.Json;

namespace Switchboard.Providers.Tests.Infrastructure;

/// <summary>The recorded real provider transcripts (copied from shared/fixtures) and their expected values.</summary>
internal static class Fixture
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(Directory, relativePath));

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary>The entry of expected.json for one file.</summary>
    public static JsonElement Expected(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "expected.json")));
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("file").GetString() == relativePath)
            {
                return entry.Clone();
            }
        }

        throw new InvalidOperationException($"expected.json has no entry for {relativePath}");
    }

    /// <summary>Every file listed in expected.json for a provider.</summary>
    public static IEnumerable<string> FilesOf(string provider)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "expected.json")));
        return document.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("provider").GetString() == provider)
            .Select(e => e.GetProperty("file").GetString()!)
            .ToList();
    }
}
