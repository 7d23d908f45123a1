using System.IO.Compression;
using System.Text;

namespace Switchboard.Context.Tests;

/// <summary>
/// Real documents from this machine, for tests that need text as users have it: licenses and package docs (prose),
/// Python's standard library (code), the .NET SDK's JSON files, and translated manual pages (Japanese, Russian,
/// Korean, Chinese). Sorted by path so every run sees the same corpus.
/// </summary>
internal static class RealText
{
    public static IReadOnlyList<Document> Prose(int count) =>
        Read(Files("/usr/share/common-licenses", "*").Concat(Files("/usr/share/doc", "copyright", recursive: true)), count, "prose");

    public static IReadOnlyList<Document> Code(int count) =>
        Read(Files(PythonStdlib(), "*.py"), count, "code");

    public static IReadOnlyList<Document> Json(int count) =>
        Read(Files(DotnetRoot(), "*.json", recursive: true).Where(p => new FileInfo(p).Length is > 2_000 and < 200_000), count, "json");

    public static IReadOnlyList<Document> NonLatin(int count) =>
        Read(new[] { "ja", "ru", "ko", "zh_CN", "zh_TW", "uk", "pl", "de" }
            .SelectMany(lang => Files($"/usr/share/man/{lang}/man1", "*.gz").Take(Math.Max(2, count / 4))), count, "non-latin");

    /// <summary>A mix of every kind, interleaved.</summary>
    public static IReadOnlyList<Document> Mixed(int perKind)
    {
        var kinds = new[] { Prose(perKind), Code(perKind), Json(perKind), NonLatin(perKind) };
        var mixed = new List<Document>();
        for (var i = 0; i < perKind; i++)
        {
            mixed.AddRange(kinds.Where(k => i < k.Count).Select(k => k[i]));
        }

        return mixed;
    }

    private static string PythonStdlib() =>
        Directory.GetDirectories("/usr/lib", "python3.*").Order(StringComparer.Ordinal).LastOrDefault()
        ?? throw new InvalidOperationException("No Python standard library under /usr/lib on this machine.");

    // .../dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll: three folders up is the dotnet root (SDKs, packs).
    private static string DotnetRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    private static IEnumerable<string> Files(string directory, string pattern, bool recursive = false) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
            : [];

    private static List<Document> Read(IEnumerable<string> paths, int count, string kind)
    {
        var documents = new List<Document>();
        foreach (var path in paths)
        {
            if (documents.Count == count)
            {
                break;
            }

            var text = ReadText(path);
            if (text.Length >= 200)
            {
                documents.Add(new Document(path, kind, text));
            }
        }

        if (documents.Count < count)
        {
            throw new InvalidOperationException($"Only {documents.Count} {kind} documents on this machine; the test needs {count}.");
        }

        return documents;
    }

    private static string ReadText(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false));
        return reader.ReadToEnd();
    }

    public sealed record Document(string Path, string Kind, string Text);
}
