using System.CommandLine;
using Microsoft.Extensions.AI;
using Switchboard.Cli.Hosting;
using Switchboard.Cli.Output;
using Switchboard.Cli.Tools;

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
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show what happens inside each request (calls, retries, cache, budget) on standard error." };
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
            model, baseUrl, system, temperature, maxTokens, print, outputFormat, config, noCache, tools, approve, workspace, toolSchema, maxSteps, images, verbose,
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
                    parse.GetValue(verbose),
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

    private static async Task<ChatSetup> BuildSetupAsync(CliConsole console, string? configPath, string? model, string? baseUrl, bool noCache, bool verbose, ToolFlags toolFlags, IReadOnlyList<string> images, ChatOptions options)
    {
        var settings = CliHost.LoadSettings(console, configPath);
        if (toolFlags.Enabled && toolFlags.SchemaFile is not null)
        {
            throw new FormatException("--tools runs tools and --tool-schema returns calls without running them; use one of them.");
        }

        // Flags are settings with the last word: applied before the host validates everything.
        if (noCache)
        {
            settings.Cache.Enabled = false;
        }

        if (toolFlags.MaxSteps is { } maxSteps)
        {
            settings.Tools.MaxSteps = maxSteps;
        }

        ChatSetup? setup = null;
        var host = CliHost.Create(console, settings, verbose);
        try
        {
            var resolution = host.Host.ResolveModel(model);
            if (baseUrl is not null)
            {
                // --base-url points the chosen model's provider elsewhere; the host is rebuilt so it is validated too.
                await host.DisposeAsync();
                var provider = resolution.Route.Primary.Provider;
                settings.Providers[provider] = settings.GetProvider(provider).MergedWith(new Configuration.ProviderSettings { BaseUrl = baseUrl });
                try
                {
                    host = CliHost.Create(console, settings, verbose);
                }
                catch (Configuration.SwitchboardConfigurationException ex) when (ex.Errors.Any(e => e.Setting == $"providers.{provider}.base_url"))
                {
                    // The user typed a flag, not a config path: name the flag.
                    throw new Configuration.SwitchboardConfigurationException(
                        [.. ex.Errors.Select(e => e.Setting == $"providers.{provider}.base_url" ? e with { Setting = "--base-url" } : e)]);
                }
            }

            host.Host.BudgetAlert += (_, alert) => console.Error.WriteLine($"warning: budget: {alert}");

            // Everything that can be wrong with the flags or the config is checked before MCP servers start.
            var declaredTools = toolFlags.SchemaFile is { } schema ? ToolSchemaFile.Load(schema) : null;
            _ = host.Host.GetChatClient(resolution.Route.Name);
            setup = new ChatSetup
            {
                Host = host.Host,
                Owner = host,
                Model = resolution.Route,
                ModelReason = model is null ? resolution.Reason : "chosen with --model",
                Options = options,
                DeclaredTools = declaredTools,
                Images = images,
                ToolSession = toolFlags.Enabled ? await ToolSessionFactory.CreateAsync(console, settings.Tools, toolFlags) : null,
            };
            return setup;
        }
        catch
        {
            if (setup is null)
            {
                await host.DisposeAsync();
            }

            throw;
        }
    }
}
