using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Switchboard.Cli.Chat;
using Switchboard.Cli.Hosting;
using Switchboard.Configuration;
using Switchboard.Core.Usage;

namespace Switchboard.Cli.Usage;

/// <summary><c>switchboard usage</c>: spend and tokens from the usage ledger, by day, model or provider.</summary>
internal static class UsageCommand
{
    public static Command Create(CliConsole console)
    {
        var by = new Option<string>("--by") { Description = "Group by day, model or provider.", DefaultValueFactory = _ => "day" };
        by.AcceptOnlyFromAmong("day", "model", "provider");
        var days = new Option<int>("--days") { Description = "How many days back, today included.", DefaultValueFactory = _ => 30 };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--days must be at least 1.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts." };

        var command = new Command("usage", "Show tokens and spend recorded for every provider call.") { by, days, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var grouping = Enum.Parse<UsageGrouping>(parse.GetValue(by)!, ignoreCase: true);
            var since = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1 - parse.GetValue(days)), TimeSpan.Zero);
            var path = SwitchboardPaths.UsageDatabase(console.GetEnvironmentVariable);
            IReadOnlyList<UsageSummaryRow> rows = [];
            if (File.Exists(path))
            {
                await using var ledger = await SqliteUsageLedger.OpenAsync(path, cancellationToken);
                rows = await ledger.SummarizeAsync(grouping, since, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(UsageJson.Write(grouping, since, rows));
            }
            else
            {
                Render(console, grouping, since, rows);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(CliConsole console, UsageGrouping grouping, DateTimeOffset since, IReadOnlyList<UsageSummaryRow> rows)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!console.IsInteractive)
        {
            ansi.Profile.Width = 120;
        }

        var title = $"Usage since {since:yyyy-MM-dd} by {grouping.ToString().ToLowerInvariant()}";
        if (rows.Count == 0)
        {
            ansi.MarkupLine($"[grey]{title}: no calls recorded.[/]");
            return;
        }

        var table = new Table().Title(title).AddColumns(grouping.ToString(), "calls", "failed", "input", "output", "cached", "reasoning", "cost");
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Key), N(row.Calls), N(row.FailedCalls), N(row.InputTokens), N(row.OutputTokens), N(row.CachedInputTokens), N(row.ReasoningTokens), Cost(row));
        }

        var total = UsageJson.Total(rows);
        table.AddRow("[bold]total[/]", N(total.Calls), N(total.FailedCalls), N(total.InputTokens), N(total.OutputTokens), N(total.CachedInputTokens), N(total.ReasoningTokens), Cost(total));
        ansi.Write(table);

        var chart = new BarChart().Label("[bold]cost (USD)[/]").Width(Math.Min(80, ansi.Profile.Width));
        foreach (var row in rows)
        {
            chart.AddItem(row.Key, (double)row.CostUsd, Color.Green);
        }

        ansi.Write(chart);
        if (total.UnpricedCalls > 0)
        {
            ansi.MarkupLine($"[yellow]{total.UnpricedCalls} call(s) used models with no known price; their cost is not in the totals.[/]");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cost(UsageSummaryRow row) => ChatSetup.FormatUsd(row.CostUsd) + (row.UnpricedCalls > 0 ? " +unpriced" : "");
}
