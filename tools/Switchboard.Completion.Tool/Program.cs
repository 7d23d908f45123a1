using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Evaluation;
using Switchboard.Completion.Tool;
using Switchboard.Completion.Workspace;
using Switchboard.Errors;
using Switchboard.LanguageServer;
using Switchboard.Providers;

var model = new Option<string>("--model", "-m") { Description = "provider/model: local/stories260K, ollama/qwen2.5-coder:1.5b, mistral/codestral-latest, openai/<model on an OpenAI-compatible server>.", Required = true };
var chat = new Option<bool>("--chat") { Description = "Complete with the provider's chat model (hole-filling prompt) instead of a FIM endpoint." };
var baseUrl = new Option<string?>("--base-url") { Description = "API root for the model's provider." };
var promptTokens = new Option<int?>("--prompt-tokens") { Description = "Prompt budget in estimated tokens (default 1536; 400 for local models)." };
var config = new Option<string?>("--config") { Description = "Config file (default ~/.config/switchboard/config.json)." };

var dataset = new Option<string?>("--dataset") { Description = "Dataset folder (cases.jsonl + sources/); default eval/completion of this repository." };
var candidates = new Option<int>("--candidates", "-n") { Description = "Candidates per case (top one scored).", DefaultValueFactory = _ => 1 };
var maxCases = new Option<int?>("--max-cases") { Description = "Evaluate at most N cases, spread over the dataset." };
var languages = new Option<string[]>("--language") { Description = "Only this language (repeatable).", Arity = ArgumentArity.ZeroOrMore };
var kinds = new Option<string[]>("--kind") { Description = "Only this kind: line, line-end, block (repeatable).", Arity = ArgumentArity.ZeroOrMore };
var output = new Option<string?>("--out", "-o") { Description = "Folder for report.md and report.json (default ./completion-eval)." };
var evaluate = new Command("eval", "Run the completion evaluation and write Markdown and JSON reports.") { model, chat, baseUrl, config, promptTokens, dataset, candidates, maxCases, languages, kinds, output };
evaluate.SetAction(async (parse, cancellationToken) =>
{
    var folder = parse.GetValue(dataset) ?? FindDefaultDataset();
    var loaded = CompletionDataset.Load(folder);
    var completion = CompletionModelFactory.Create(parse.GetValue(model)!, parse.GetValue(chat), parse.GetValue(baseUrl), parse.GetValue(config));
    var runner = new EvaluationRunner(new CompletionEngine(completion.EngineOptions(parse.GetValue(promptTokens), typeAheadEntries: 0)), completion.Client, completion.Profile, new EvaluationOptions
    {
        ModelName = completion.Name,
        CandidateCount = parse.GetValue(candidates),
        MaxCases = parse.GetValue(maxCases),
        Languages = parse.GetValue(languages) ?? [],
        Kinds = parse.GetValue(kinds) ?? [],
        Price = completion.Price,
    });
    var done = 0;
    var report = await runner.RunAsync(loaded, new Progress<CaseResult>(_ => Console.Error.Write($"\r{++done} cases")), cancellationToken);
    Console.Error.WriteLine();
    var folderOut = parse.GetValue(output) ?? "completion-eval";
    Directory.CreateDirectory(folderOut);
    var markdown = ReportWriter.ToMarkdown(report);
    await File.WriteAllTextAsync(Path.Combine(folderOut, "report.md"), markdown, cancellationToken);
    await File.WriteAllTextAsync(Path.Combine(folderOut, "report.json"), ReportWriter.ToJson(report), cancellationToken);
    Console.WriteLine(markdown);
    Console.WriteLine($"Reports: {Path.GetFullPath(Path.Combine(folderOut, "report.md"))} and report.json");
    return 0;
});

var recipe = new Option<string>("--recipe") { Description = "Dataset recipe (JSON: seed, per-file counts, sources).", Required = true };
var buildOut = new Option<string>("--out", "-o") { Description = "Dataset folder to write.", Required = true };
var build = new Command("build-dataset", "Build a dataset from installed packages' sources.") { recipe, buildOut };
build.SetAction(parse =>
{
    var recipeFile = parse.GetValue(recipe)!;
    var parsed = JsonSerializer.Deserialize<DatasetRecipe>(File.ReadAllText(recipeFile)) ?? throw new DatasetException($"The recipe '{recipeFile}' is empty.");
    var cases = DatasetBuilder.Build(parsed, parse.GetValue(buildOut)!);
    Console.WriteLine($"{cases.Count} cases: " + string.Join(", ", cases.GroupBy(c => $"{c.Language} {c.Kind}").Select(g => $"{g.Key} {g.Count()}")));
    return 0;
});

var file = new Option<string>("--file", "-f") { Description = "The source file.", Required = true };
var line = new Option<int>("--line") { Description = "Cursor line, 0-based.", Required = true };
var column = new Option<int>("--column") { Description = "Cursor column, 0-based.", Required = true };
var complete = new Command("complete", "Complete once at a cursor and print the ranked candidates as JSON.") { model, chat, baseUrl, config, promptTokens, file, line, column, candidates };
complete.SetAction(async (parse, cancellationToken) =>
{
    var path = Path.GetFullPath(parse.GetValue(file)!);
    var completion = CompletionModelFactory.Create(parse.GetValue(model)!, parse.GetValue(chat), parse.GetValue(baseUrl), parse.GetValue(config));
    var workspace = new CompletionWorkspace();
    workspace.IndexDirectory(Path.GetDirectoryName(path)!, maxFiles: 500);
    var result = await new CompletionEngine(completion.EngineOptions(parse.GetValue(promptTokens))).CompleteAsync(
        new CompletionRequest(path, await File.ReadAllTextAsync(path, cancellationToken), parse.GetValue(line), parse.GetValue(column)) { Workspace = workspace, CandidateCount = parse.GetValue(candidates) },
        completion.Client, completion.Profile, cancellationToken);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        model = result.Model,
        candidates = result.Candidates.Select(c => new { text = c.Text, score = c.Score }),
        usage = new { input = result.Usage?.InputTokenCount, output = result.Usage?.OutputTokenCount },
    }));
    return 0;
});

var lsp = new Command("lsp", "Serve completions to an editor over stdio (Language Server Protocol).") { model, chat, baseUrl, config, promptTokens };
lsp.SetAction(async (parse, cancellationToken) =>
{
    var completion = CompletionModelFactory.Create(parse.GetValue(model)!, parse.GetValue(chat), parse.GetValue(baseUrl), parse.GetValue(config));
    var server = new CompletionLanguageServer(new CompletionEngine(completion.EngineOptions(parse.GetValue(promptTokens))), completion.Client, completion.Profile);
    return await server.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), cancellationToken);
});

var root = new RootCommand("Switchboard code completion: evaluation, dataset building, one-off completion and the language server.") { evaluate, build, complete, lsp };
try
{
    // Bad flags and the errors caught below print one clear line and exit 2, never a stack trace.
    var parsed = root.Parse(args);
    if (parsed.Errors.Count > 0)
    {
        foreach (var error in parsed.Errors)
        {
            Console.Error.WriteLine($"switchboard-complete: {error.Message}");
        }

        return 2;
    }

    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is DatasetException or ArgumentException or ValidationException or MissingApiKeyException or UnknownProviderException or ProviderException or FileNotFoundException or DirectoryNotFoundException or JsonException)
{
    Console.Error.WriteLine($"switchboard-complete: {ex.Message}");
    return 2;
}

static string FindDefaultDataset()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "eval", "completion");
        if (File.Exists(Path.Combine(candidate, CompletionDataset.CasesFile)))
        {
            return candidate;
        }
    }

    throw new DatasetException("No --dataset given and no eval/completion/cases.jsonl above the current folder.");
}
