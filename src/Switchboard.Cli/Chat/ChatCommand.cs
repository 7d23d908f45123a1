using System.CommandLine;
using Microsoft.Extensions.AI;
using Switchboard.Cli.Hosting;
using Switchboard.Cli.Output;
using Switchboard.Cli.Tools;
using Switchboard.Core.Budgets;
using Switchboard.Core.Caching;
using Switchboard.Core.Catalog;
using Switchboard.Configuration;
using Switchboard.Core.Routing;

namespace Switchboard.Cli.Chat;

/// <summary><c>switchboard chat</c>: the interactive REPL, or print mode with <c>-p</c>. Its flags are a public contract.</summary>
internal static class ChatCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Model as provider/model, e.g. openai/gpt-4.1, anthropic/claude-sonnet-4-5, gemini/gemini-2.5-flash, ollama/llama3.2, local/stories260K." };
        var baseUrl = new Option<string?>("--base-url") { Description = "API root for the model's provider (any OpenAI-compatible server with openai/...)." };
        var system = new Option<string?>("--system") { Description = "System prompt." };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Maximum output tokens." };
        var print = new Option<string?>("--print", "-p") { Description = "Answer PROMPT once and exit (scripting mode); '-' reads the prompt from standard input." };
        var outputFormat = new Option<string>("--output-format")
        {
            Description = "Print-mode output: text, json (one object) or stream-json (one event per line).",
            DefaultValueFactory = _ => PrintFormat.Text,
        };
        outputFormat.AcceptOnlyFromAmong(PrintFormat.Text, PrintFormat.Json, PrintFormat.StreamJson);
        var config = new Option<string?>("--config") { Description = "Config file (default ~/.config/switchboard/config.json)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not answer from (or store in) the response cache." };
        var tools = new Option<bool>("--tools") { Description = "Let the model use the built-in workspace tools (read, list, glob, grep, edit, write, run) and configured MCP tools." };
        var approve = new Option<string>("--approve")
        {
            Description = "Tool calls that need approval: ask (default; print mode rejects them), auto (run them), deny (reject them).",
            DefaultValueFactory = _ => "ask",
        };
        approve.AcceptOnlyFromAmong("auto", "ask", "deny");
        var workspace = new Option<string?>("--workspace") { Description = "The folder the workspace tools may touch (default: the current folder)." };
        var toolSchema = new Option<string?>("--tool-schema") { Description = "A JSON array of {name, description, parameters}: tools declared to the model whose calls are returned, not run." };
        var images = new Option<string[]>("--image") { Description = "Attach an image (path or https URL) to the first message; repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Model calls per turn before the tool loop stops (default 20)." };

        var command = new Command("chat", "Chat with a model: interactive, or one answer with -p.")
        {
            model, baseUrl, system, temperature, maxTokens, print, outputFormat, config, noCache, tools, approve, workspace, toolSchema, maxSteps, images,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = parse.GetValue(outputFormat)!;
            var prompt = parse.GetValue(print);
            ChatSetup setup;
            try
            {
                setup = await BuildSetupAsync(
                    console,
                    parse.GetValue(config),
                    parse.GetValue(model),
                    parse.GetValue(baseUrl),
                    parse.GetValue(noCache),
                    new ToolFlags(parse.GetValue(tools), Enum.Parse<ApprovalMode>(parse.GetValue(approve)!, ignoreCase: true), parse.GetValue(workspace), parse.GetValue(toolSchema), parse.GetValue(maxSteps)),
                    parse.GetValue(images) ?? [],
                    new ChatOptions
                    {
                        Instructions = parse.GetValue(system),
                        Temperature = parse.GetValue(temperature),
                        MaxOutputTokens = parse.GetValue(maxTokens),
                    });
            }
            catch (Exception ex) when (ErrorReport.From(ex) is { } report)
            {
                return PrintModeRunner.ReportError(console, prompt is null ? PrintFormat.Text : format, report);
            }

            await using (setup)
            {
                if (prompt is not null)
                {
                    if (prompt == "-")
                    {
                        prompt = await console.In.ReadToEndAsync(cancellationToken);
                    }

                    return await new PrintModeRunner(console, setup, format).RunAsync(prompt, cancellationToken);
                }

                return await new InteractiveChat(console, setup).RunAsync(cancellationToken);
            }
        });

        return command;
    }

    /// <summary>A tracker seeded with what the ledger already holds for today and this month; alerts go to stderr.</summary>
    private static async Task<BudgetTracker?> CreateBudgetAsync(CliConsole console, SwitchboardSettings settings, Core.Usage.IUsageLedger? ledger)
    {
        if (settings.Budget is not { HasLimit: true } budget)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var tracker = new BudgetTracker(
            budget,
            ledger is null ? 0 : await ledger.SpentSinceAsync(today),
            ledger is null ? 0 : await ledger.SpentSinceAsync(month));
        tracker.Alert += (_, alert) => console.Error.WriteLine($"warning: budget: {alert}");
        return tracker;
    }

    private static async Task<ChatSetup> BuildSetupAsync(CliConsole console, string? configPath, string? model, string? baseUrl, bool noCache, ToolFlags toolFlags, IReadOnlyList<string> images, ChatOptions options)
    {
        var settings = SwitchboardSettingsLoader.Load(configPath, console.GetEnvironmentVariable);
        var registry = ProviderCatalog.CreateRegistry(settings);
        ModelRoute route;
        string reason;
        if (model is not null)
        {
            route = ModelRoute.Resolve(model, settings);
            reason = "chosen with --model";
        }
        else if (settings.DefaultModel is { } configured)
        {
            route = ModelRoute.Resolve(configured, settings);
            reason = "the configured default model";
        }
        else
        {
            route = ModelRoute.Single(registry.ResolveDefaultModel(out reason));
        }

        if (toolFlags.Enabled && toolFlags.SchemaFile is not null)
        {
            throw new FormatException("--tools runs tools and --tool-schema returns calls without running them; use one of them.");
        }

        // Everything that can be wrong with the flags or the config is checked before the ledger opens and MCP servers start.
        var declaredTools = toolFlags.SchemaFile is { } schema ? ToolSchemaFile.Load(schema) : null;
        var budgetFallback = settings.Budget?.FallbackModel is { } cheap ? ModelRoute.Resolve(cheap, settings) : null;
        var ledger = await UsageLedgerOpener.TryOpenAsync(console);
        return new ChatSetup
        {
            ToolSession = toolFlags.Enabled ? await ToolSessionFactory.CreateAsync(console, settings.Tools, toolFlags) : null,
            DeclaredTools = declaredTools,
            Images = images,
            AllowLoopbackImageDownloads = console.GetEnvironmentVariable("SWITCHBOARD_ALLOW_LOOPBACK_IMAGE_URLS") == "1",
            Catalog = ModelCatalog.CreateDefault(settings.Models),
            Ledger = ledger,
            Budget = await CreateBudgetAsync(console, settings, ledger),
            BudgetFallback = budgetFallback,
            Cache = settings.Cache.Enabled && !noCache ? ResponseCacheFactory.Create(settings.Cache.Redis) : null,
            CacheTtl = TimeSpan.FromHours(settings.Cache.TtlHours),
            Registry = registry,
            Model = route,
            ModelReason = reason,
            Overrides = baseUrl is null ? null : new ProviderSettings { BaseUrl = baseUrl },
            Options = options,
        };
    }
}
