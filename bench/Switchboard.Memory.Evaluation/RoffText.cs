using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Memory.Evaluation;

/// <summary>
/// Reads a man(7) page (roff source, as in /usr/share/man) into plain text: request lines dropped or reduced to
/// their text arguments, font and size escapes removed, special characters mapped. Good enough for retrieval
/// text; not a typesetter. mdoc(7) pages and <c>.so</c> redirections are skipped (null).
/// </summary>
internal static partial class RoffText
{
    private static readonly HashSet<string> TextMacros = new(StringComparer.Ordinal)
    {
        "B", "I", "BR", "BI", "IB", "IR", "RB", "RI", "SM", "SB", "IP", "TP", "SS", "UR", "MT",
    };

    private static readonly Dictionary<string, string> SpecialCharacters = new(StringComparer.Ordinal)
    {
        ["em"] = " - ", ["en"] = "-", ["hy"] = "-", ["mi"] = "-", ["aq"] = "'", ["dq"] = "\"", ["lq"] = "\"", ["rq"] = "\"",
        ["oq"] = "'", ["cq"] = "'", ["bu"] = "*", ["co"] = "(c)", ["rg"] = "(R)", ["ti"] = "~", ["ha"] = "^", ["bv"] = "|",
        ["ga"] = "`", ["rs"] = "\\", ["sl"] = "/", ["lh"] = "<", ["rh"] = ">", ["<="] = "<=", [">="] = ">=", ["mu"] = "x",
    };

    /// <summary>Reads a gzip-compressed page; null for pages this reader does not handle.</summary>
    public static ManPage? ReadPage(string path)
    {
        string source;
        using (var file = File.OpenRead(path))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip, Encoding.UTF8))
        {
            source = reader.ReadToEnd();
        }

        var name = Path.GetFileNameWithoutExtension(path);
        return Parse(name, source);
    }

    /// <summary>Parses roff source; null when it is mdoc, a redirection, or has no NAME description.</summary>
    public static ManPage? Parse(string name, string source)
    {
        var sections = new List<(string Title, StringBuilder Text)>();
        StringBuilder? current = null;
        var skippingDefinition = false;
        foreach (var rawLine in source.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (skippingDefinition)
            {
                skippingDefinition = line != "..";
                continue;
            }

            if (line.StartsWith(".\\\"", StringComparison.Ordinal) || line.StartsWith("'\\\"", StringComparison.Ordinal) || line.StartsWith("\\\"", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith(".Dd", StringComparison.Ordinal) || line.StartsWith(".so ", StringComparison.Ordinal))
            {
                return null;
            }

            if (line.StartsWith('.') || line.StartsWith('\''))
            {
                var (macro, arguments) = SplitRequest(line[1..]);
                if (macro is "de" or "de1" or "am")
                {
                    skippingDefinition = true;
                    continue;
                }

                if (macro == "SH")
                {
                    current = new StringBuilder();
                    sections.Add((Clean(arguments).Trim().ToUpperInvariant(), current));
                    continue;
                }

                if (current is null)
                {
                    continue;
                }

                if (macro is "PP" or "LP" or "P" or "TP" or "IP" or "SS" or "sp" or "br")
                {
                    current.Append("\n\n");
                }

                if (TextMacros.Contains(macro) && arguments.Length > 0)
                {
                    current.Append(Clean(Unquote(arguments))).Append(' ');
                }

                continue;
            }

            current?.Append(Clean(line)).Append(' ');
        }

        var nameSection = sections.FirstOrDefault(s => s.Title == "NAME").Text?.ToString();
        if (nameSection is null)
        {
            return null;
        }

        var dash = nameSection.IndexOf(" - ", StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var description = Collapse(nameSection[(dash + 3)..]);
        var body = string.Join("\n\n", sections.Where(s => s.Title != "NAME").Select(s => s.Title + "\n\n" + Paragraphs(s.Text.ToString())));
        return new ManPage(name, description, body.Trim());
    }

    private static (string Macro, string Arguments) SplitRequest(string request)
    {
        var trimmed = request.TrimStart();
        var space = trimmed.IndexOfAny([' ', '\t']);
        return space < 0 ? (trimmed, string.Empty) : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }

    /// <summary>Arguments in double quotes become plain words ("a b" c becomes a b c).</summary>
    private static string Unquote(string arguments) => arguments.Replace("\"", string.Empty, StringComparison.Ordinal);

    /// <summary>Removes escapes: fonts, sizes, strings, zero-width marks; maps special characters.</summary>
    private static string Clean(string text)
    {
        var comment = text.IndexOf("\\\"", StringComparison.Ordinal);
        if (comment >= 0)
        {
            text = text[..comment];
        }

        text = FontOrSize().Replace(text, string.Empty);
        text = SpecialCharacter().Replace(text, m => SpecialCharacters.GetValueOrDefault(m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value, " "));
        text = StringInterpolation().Replace(text, string.Empty);
        return text
            .Replace("\\-", "-", StringComparison.Ordinal)
            .Replace("\\e", "\\", StringComparison.Ordinal)
            .Replace("\\ ", " ", StringComparison.Ordinal)
            .Replace("\\~", " ", StringComparison.Ordinal)
            .Replace("\\&", string.Empty, StringComparison.Ordinal)
            .Replace("\\%", string.Empty, StringComparison.Ordinal)
            .Replace("\\c", string.Empty, StringComparison.Ordinal)
            .Replace("\\|", string.Empty, StringComparison.Ordinal)
            .Replace("\\^", string.Empty, StringComparison.Ordinal)
            .Replace("\\/", string.Empty, StringComparison.Ordinal)
            .Replace("\\,", string.Empty, StringComparison.Ordinal);
    }

    private static string Paragraphs(string text) =>
        string.Join("\n\n", text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(Collapse).Where(p => p.Length > 0));

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\\f(\[[^\]]*\]|\(..|.)|\\s[+-]?\d+|\\s\[[^\]]*\]")]
    private static partial Regex FontOrSize();

    [GeneratedRegex(@"\\\((?<a>..)|\\\[(?<b>[^\]]*)\]")]
    private static partial Regex SpecialCharacter();

    [GeneratedRegex(@"\\\*(\(..|\[[^\]]*\]|.)|\\n(\(..|\[[^\]]*\]|.)")]
    private static partial Regex StringInterpolation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
