using Spectre.Console;
using Switchboard.Tools;

namespace Switchboard.Cli.Tools;

/// <summary>
/// A file change shown in the approval prompt: the unified diff in colour (removed lines red, added green, hunk
/// headers cyan), cut after <see cref="MaxLines"/> lines so a huge write_file does not scroll the question away.
/// </summary>
internal static class DiffMarkup
{
    public const int MaxLines = 200;

    /// <summary>Spectre markup lines for <paramref name="preview"/>.</summary>
    public static IReadOnlyList<string> Lines(FileChangePreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        if (preview.Diff is not { } diff)
        {
            return [$"[grey](no preview: {Markup.Escape(preview.Problem ?? "unknown reason")})[/]"];
        }

        if (!diff.HasChanges)
        {
            return [$"[grey](no change to {Markup.Escape(diff.Path)})[/]"];
        }

        var lines = new List<string>();
        foreach (var line in diff.ToString().TrimEnd('\n').Split('\n'))
        {
            if (lines.Count == MaxLines)
            {
                lines.Add($"[grey]... diff cut at {MaxLines} lines (+{diff.AddedLines} -{diff.RemovedLines} in all)[/]");
                break;
            }

            // A carriage return would send the cursor back over the line; show it instead.
            var text = Markup.Escape(line.Replace("\r", "␍", StringComparison.Ordinal));
            lines.Add(line switch
            {
                _ when line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) => $"[bold]{text}[/]",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => $"[cyan]{text}[/]",
                _ when line.StartsWith('-') => $"[red]{text}[/]",
                _ when line.StartsWith('+') => $"[green]{text}[/]",
                _ => text,
            });
        }

        return lines;
    }
}
