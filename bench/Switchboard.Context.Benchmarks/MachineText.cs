using System.IO.Compression;
using System.Text;

namespace Switchboard.Context.Benchmarks;

/// <summary>Real text from this machine: licenses and package docs, Python's standard library, translated man pages.</summary>
internal static class MachineText
{
    /// <summary>Documents in a fixed order, prose, code and non-Latin interleaved, until <paramref name="characters"/> are read.</summary>
    public static List<string> Documents(int characters)
    {
        var sources = new[]
        {
            Files("/usr/share/common-licenses", "*").Concat(Files("/usr/share/doc", "copyright", recursive: true)),
            Files(Directory.GetDirectories("/usr/lib", "python3.*").Order(StringComparer.Ordinal).Last(), "*.py"),
            new[] { "ja", "ru", "ko", "de" }.SelectMany(lang => Files($"/usr/share/man/{lang}/man1", "*.gz")),
        }.Select(s => s.GetEnumerator()).ToList();
        var documents = new List<string>();
        var total = 0;
        while (total < characters && sources.Count > 0)
        {
            foreach (var source in sources.ToList())
            {
                if (!source.MoveNext())
                {
                    sources.Remove(source);
                    continue;
                }

                var text = Read(source.Current);
                if (text.Length is < 500 or > 60_000)
                {
                    continue;
                }

                documents.Add(text);
                total += text.Length;
            }
        }

        return total >= characters ? documents : throw new InvalidOperationException($"Only {total} characters of text on this machine.");
    }

    private static IEnumerable<string> Files(string directory, string pattern, bool recursive = false) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
            : [];

    private static string Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false));
        return reader.ReadToEnd();
    }
}
