namespace Switchboard.Memory.Evaluation;

/// <summary>
/// Picks manual pages in a fixed pseudo-random order (a hash of the file name, the same on every machine with the
/// same pages), keeping pages whose description has at least three words and is unlike every earlier one, and
/// whose body has at least 100 words: each description must point at one page only.
/// </summary>
internal static class ManPageCorpus
{
    /// <summary>The sections read: commands, system calls, library calls, file formats, overviews, admin commands.</summary>
    public static readonly string[] Sections = ["man1", "man2", "man3", "man5", "man7", "man8"];

    /// <summary>Usable pages under <paramref name="manDirectory"/>, in the fixed order.</summary>
    public static IEnumerable<ManPage> Read(string manDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(manDirectory);
        var files = Sections
            .Select(section => Path.Combine(manDirectory, section))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.gz"))
            .OrderBy(path => StableHash(Path.GetFileName(path)))
            .ThenBy(path => path, StringComparer.Ordinal);
        var descriptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            ManPage? page;
            try
            {
                page = RoffText.ReadPage(file);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            if (page is null || CountWords(page.Description) < 3 || CountWords(page.Body) < 100 || !descriptions.Add(page.Description))
            {
                continue;
            }

            yield return page;
        }
    }

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>FNV-1a of the name: an order that does not follow the alphabet (which clusters related pages) and never changes.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
