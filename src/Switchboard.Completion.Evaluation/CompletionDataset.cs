using System.Text.Json;
using Switchboard.Completion.Context;

namespace Switchboard.Completion.Evaluation;

/// <summary>
/// A folder of evaluation cases: <c>cases.jsonl</c> (one <see cref="CompletionCase"/> per line) and/or a
/// <c>cases/</c> folder of <c>.json</c> files (one case each, for hand-written additions), with the original source
/// files under the folder (<c>sources/…</c>). A file is read once however many cases use it.
/// </summary>
public sealed class CompletionDataset
{
    /// <summary>The file holding one case per line.</summary>
    public const string CasesFile = "cases.jsonl";

    /// <summary>The folder holding one case per JSON file.</summary>
    public const string CasesFolder = "cases";

    private CompletionDataset(string root, IReadOnlyList<LoadedCase> cases)
    {
        Root = root;
        Cases = cases;
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>The cases, in file order.</summary>
    public IReadOnlyList<LoadedCase> Cases { get; }

    /// <summary>Loads and checks every case.</summary>
    /// <exception cref="DatasetException">The folder has no cases, a line is not a valid case, a file is missing, or a case's expected text is not at its cursor.</exception>
    public static CompletionDataset Load(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new DatasetException($"The dataset folder '{root}' does not exist.");
        }

        var entries = new List<(CompletionCase Case, string Where)>();
        var jsonl = Path.Combine(root, CasesFile);
        if (File.Exists(jsonl))
        {
            var number = 0;
            foreach (var line in File.ReadLines(jsonl))
            {
                number++;
                if (line.Trim().Length > 0)
                {
                    entries.Add((Parse(line, $"{jsonl}:{number}"), $"{jsonl}:{number}"));
                }
            }
        }

        var folder = Path.Combine(root, CasesFolder);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                entries.Add((Parse(File.ReadAllText(file), file), file));
            }
        }

        if (entries.Count == 0)
        {
            throw new DatasetException($"The dataset folder '{root}' has no {CasesFile} and no {CasesFolder}/*.json.");
        }

        var duplicate = entries.GroupBy(e => e.Case.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DatasetException($"The case id '{duplicate.Key}' is used twice ({string.Join(", ", duplicate.Select(e => e.Where))}).");
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var cases = entries.Select(e => Resolve(root, e.Case, e.Where, files)).ToList();
        return new CompletionDataset(root, cases);
    }

    private static CompletionCase Parse(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, DatasetJsonContext.Default.CompletionCase)
                ?? throw new DatasetException($"{where}: the case is null.");
        }
        catch (JsonException ex)
        {
            throw new DatasetException($"{where}: not a valid case: {ex.Message}", ex);
        }
    }

    private static LoadedCase Resolve(string root, CompletionCase @case, string where, Dictionary<string, string> files)
    {
        if (!CaseKinds.All.Contains(@case.Kind))
        {
            throw new DatasetException($"{where}: case '{@case.Id}' has kind '{@case.Kind}'; expected one of {string.Join(", ", CaseKinds.All)}.");
        }

        if (@case.Expected.Length == 0)
        {
            throw new DatasetException($"{where}: case '{@case.Id}' has an empty expected text.");
        }

        string original;
        if (@case.Contents is { } contents)
        {
            original = contents;
        }
        else if (@case.File is { } relative)
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (!files.TryGetValue(full, out original!))
            {
                if (!File.Exists(full))
                {
                    throw new DatasetException($"{where}: case '{@case.Id}' names the file '{relative}', which does not exist under '{root}'.");
                }

                files[full] = original = File.ReadAllText(full);
            }
        }
        else
        {
            throw new DatasetException($"{where}: case '{@case.Id}' has neither \"file\" nor \"contents\".");
        }

        int offset;
        try
        {
            offset = TextLines.ToOffset(original, @case.Line, @case.Column);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new DatasetException($"{where}: case '{@case.Id}' has its cursor outside the file: {ex.Message}", ex);
        }

        if (!original.AsSpan(offset).StartsWith(@case.Expected, StringComparison.Ordinal))
        {
            throw new DatasetException($"{where}: case '{@case.Id}': the file does not have the expected text at line {@case.Line}, column {@case.Column}.");
        }

        var path = @case.Path ?? @case.File ?? $"{@case.Id}.{@case.Language}";
        return new LoadedCase(@case, path, original, original.Remove(offset, @case.Expected.Length), offset);
    }
}
