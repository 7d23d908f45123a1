using System.Text;
using System.Text.Json;
using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Evaluation;

/// <summary>
/// Builds a dataset from real code: copies each listed source file under <c>sources/&lt;package&gt;/</c> and masks,
/// at seeded random places, whole lines, line ends at a token boundary and whole block bodies, recording for each
/// case the package, version, registry, path and license it came from. Comments, docstrings and trivial lines are
/// never masked; a masked line is never the first line of a block (that is a block case).
/// </summary>
public static class DatasetBuilder
{
    private const int MinLineLength = 12;
    private const int MaxLineLength = 110;
    private const int MinBlockLines = 2;
    private const int MaxBlockLines = 10;

    /// <summary>Builds the dataset of <paramref name="recipe"/> into <paramref name="output"/> (cases.jsonl and sources/).</summary>
    /// <returns>The cases written.</returns>
    /// <exception cref="DatasetException">A listed file is missing or is of a language the engine does not know.</exception>
    public static IReadOnlyList<CompletionCase> Build(DatasetRecipe recipe, string output)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentException.ThrowIfNullOrEmpty(output);
        var random = new Random(recipe.Seed);
        var cases = new List<CompletionCase>();
        foreach (var source in recipe.Sources)
        {
            var root = Environment.ExpandEnvironmentVariables(source.Root.Replace("~", Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), StringComparison.Ordinal));
            foreach (var relative in source.Files)
            {
                var full = Path.Combine(root, relative);
                if (!File.Exists(full))
                {
                    throw new DatasetException($"{source.Package} {source.Version}: the file '{full}' does not exist; install the package first.");
                }

                var language = LanguageCatalog.FromPath(full);
                if (language == LanguageCatalog.PlainText)
                {
                    throw new DatasetException($"'{full}' is not in a language the completion engine knows.");
                }

                var text = File.ReadAllText(full);
                var datasetPath = Path.Combine("sources", source.Package, relative).Replace('\\', '/');
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(output, datasetPath))!);
                File.WriteAllText(Path.Combine(output, datasetPath), text);
                var origin = new CaseOrigin(source.Package, source.Version, source.Registry, relative, source.License);
                cases.AddRange(CasesOf(text, language, datasetPath, origin, recipe, random));
            }
        }

        var builder = new StringBuilder();
        foreach (var @case in cases)
        {
            builder.Append(JsonSerializer.Serialize(@case, DatasetJsonContext.Default.CompletionCase)).Append('\n');
        }

        File.WriteAllText(Path.Combine(output, CompletionDataset.CasesFile), builder.ToString());
        return cases;
    }

    internal static List<CompletionCase> CasesOf(string text, LanguageDefinition language, string datasetPath, CaseOrigin origin, DatasetRecipe recipe, Random random)
    {
        var lines = SplitLines(text);
        var code = CodeLines(lines, language);
        var stem = $"{language.Id}-{origin.Package}-{Path.GetFileNameWithoutExtension(datasetPath)}".ToLowerInvariant().Replace('.', '-').Replace('/', '-');
        var cases = new List<CompletionCase>();

        CompletionCase Case(string kind, int line, int column, string expected) => new()
        {
            Id = $"{stem}-{kind}-{line + 1}",
            Language = language.Id,
            Kind = kind,
            File = datasetPath,
            Line = line,
            Column = column,
            Expected = expected,
            Origin = origin,
        };

        var lineCandidates = Enumerable.Range(0, lines.Count).Where(i => code[i] && IsMaskableLine(lines, i, language)).ToList();
        foreach (var i in Pick(lineCandidates, recipe.LinesPerFile, random))
        {
            var indent = Indentation(lines[i].Text);
            cases.Add(Case(CaseKinds.Line, i, indent, lines[i].Text[indent..].TrimEnd()));
        }

        var endCandidates = lineCandidates.Where(i => Cut(lines[i].Text) is not null && !cases.Any(c => c.Line == i)).ToList();
        foreach (var i in Pick(endCandidates, recipe.LineEndsPerFile, random))
        {
            var cut = Cut(lines[i].Text)!.Value;
            cases.Add(Case(CaseKinds.LineEnd, i, cut, lines[i].Text[cut..].TrimEnd()));
        }

        var blocks = Enumerable.Range(0, lines.Count).Where(i => code[i]).Select(i => Block(lines, code, i, language)).OfType<(int Start, int End)>().ToList();
        foreach (var (start, end) in Pick(blocks, recipe.BlocksPerFile, random))
        {
            var from = lines[start].Offset;
            var to = lines[end].Offset + lines[end].Text.TrimEnd().Length;
            cases.Add(Case(CaseKinds.Block, start, 0, text[from..to]));
        }

        return cases;
    }

    private static IEnumerable<T> Pick<T>(List<T> items, int count, Random random) =>
        items.OrderBy(_ => random.Next()).Take(count).ToList();

    private static bool IsMaskableLine(List<(string Text, int Offset)> lines, int i, LanguageDefinition language)
    {
        var trimmed = lines[i].Text.Trim();
        if (trimmed.Length is < MinLineLength or > MaxLineLength || !trimmed.Any(char.IsLetter))
        {
            return false;
        }

        // The first line of a block is a block completion, judged as one.
        for (var j = i - 1; j >= 0; j--)
        {
            var previous = lines[j].Text.Trim();
            if (previous.Length > 0)
            {
                return !language.OpensBlock(previous);
            }
        }

        return true;
    }

    /// <summary>A token boundary between 30 % and 70 % of the line's code, leaving at least six characters to predict.</summary>
    private static int? Cut(string line)
    {
        var indent = Indentation(line);
        var content = line.TrimEnd();
        var length = content.Length - indent;
        for (var at = indent + (int)(length * 0.5); at < indent + (int)(length * 0.7); at++)
        {
            if (at > indent && content.Length - at >= 6 && content[at - 1] is ' ' or '(' or '.' or ',' or '=' or '[' && content[at] != ' ')
            {
                return at;
            }
        }

        for (var at = indent + (int)(length * 0.5); at > indent + (int)(length * 0.3); at--)
        {
            if (content.Length - at >= 6 && content[at - 1] is ' ' or '(' or '.' or ',' or '=' or '[' && content[at] != ' ')
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>The body lines (first, last) of a block opened at line <paramref name="i"/>, when it has 2 to 10 lines of code.</summary>
    private static (int Start, int End)? Block(List<(string Text, int Offset)> lines, bool[] code, int i, LanguageDefinition language)
    {
        var opener = lines[i].Text.TrimEnd();
        if (!language.OpensBlock(opener.Trim()) || (!language.IndentationScoped && !opener.EndsWith('{')))
        {
            return null;
        }

        var indent = Indentation(opener);
        var end = -1;
        for (var j = i + 1; j < lines.Count; j++)
        {
            var line = lines[j].Text;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var lineIndent = Indentation(line);
            if (language.IndentationScoped ? lineIndent <= indent : lineIndent <= indent && line.Trim().StartsWith('}'))
            {
                break;
            }

            if (!language.IndentationScoped && lineIndent <= indent)
            {
                return null;
            }

            end = j;
        }

        var count = end - i;
        if (end < 0 || count < MinBlockLines || count > MaxBlockLines || lines[i + 1].Text.Trim().Length == 0 || !code[i + 1])
        {
            return null;
        }

        return (i + 1, end);
    }

    /// <summary>Which lines are code (not inside a block comment or a docstring, not a comment line).</summary>
    private static bool[] CodeLines(List<(string Text, int Offset)> lines, LanguageDefinition language)
    {
        var code = new bool[lines.Count];
        var inside = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].Text.Trim();
            if (language.IndentationScoped)
            {
                var quotes = Count(trimmed, "\"\"\"") + Count(trimmed, "'''");
                var wasInside = inside;
                if (quotes % 2 == 1)
                {
                    inside = !inside;
                }

                code[i] = !wasInside && quotes == 0 && !trimmed.StartsWith('#') && !trimmed.StartsWith('@');
                continue;
            }

            if (inside)
            {
                inside = !trimmed.Contains("*/", StringComparison.Ordinal);
                continue;
            }

            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                inside = !trimmed.Contains("*/", StringComparison.Ordinal);
                continue;
            }

            code[i] = !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith('*') && !trimmed.StartsWith('#') && !trimmed.StartsWith('[');
        }

        return code;
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static int Indentation(string line)
    {
        var count = 0;
        while (count < line.Length && line[count] is ' ' or '\t')
        {
            count++;
        }

        return count;
    }

    private static List<(string Text, int Offset)> SplitLines(string text)
    {
        var lines = new List<(string, int)>();
        var start = 0;
        while (start <= text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            lines.Add((text[start..end].TrimEnd('\r'), start));
            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
        }

        return lines;
    }
}
