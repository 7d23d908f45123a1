using System.Text.Json;
using Switchboard.Cli.Tools;
using Switchboard.Tools;
using Xunit;

namespace Switchboard.Cli.Tests;

/// <summary>The REPL shows the diff of edit_file and write_file before asking, and /undo takes a turn's file changes back.</summary>
public sealed class ReplDiffAndUndoTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("switchboard-repl-undo-").FullName;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    private static Dictionary<string, string> Key => new() { ["OPENAI_API_KEY"] = "k" };

    private string[] Args(ScriptedOpenAIServer server) =>
        ["chat", "-m", "openai/gpt-test", "--base-url", server.BaseUrl, "--tools", "--workspace", _workspace];

    private static string ToolMessage(IReadOnlyList<JsonElement> messages, string callId) =>
        messages.Single(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == callId)
            .GetProperty("content").GetString()!;

    [Fact]
    public async Task The_approval_prompt_shows_the_edit_as_a_diff_and_undo_restores_the_file()
    {
        var config = Path.Combine(_workspace, "config.ini");
        await File.WriteAllTextAsync(config, "[server]\nport = 80\nhost = local\n", TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_edit", "edit_file", """{"path":"config.ini","old_text":"port = 80","new_text":"port = 8080"}"""));
        server.EnqueueText("Port changed.");

        var run = await CliRun.RunAsync(Args(server), Key, stdin: "use port 8080\ny\n/undo\n/exit\n");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var diff = "--- a/config.ini\n+++ b/config.ini\n@@ -1,3 +1,3 @@\n [server]\n-port = 80\n+port = 8080\n host = local\n";
        Assert.Contains(diff + "Allow edit_file(", run.Stdout.ReplaceLineEndings("\n"));
        Assert.StartsWith("Edited 'config.ini'", ToolMessage(server.MessagesOf(1), "call_edit"));
        Assert.Contains("Undid turn 1: restored config.ini.", run.Stdout);
        Assert.Equal("[server]\nport = 80\nhost = local\n", await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_new_file_shows_against_dev_null_and_undo_deletes_it()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_write", "write_file", """{"path":"notes/todo.md","content":"- buy milk\n"}"""));
        server.EnqueueText("Written.");

        var run = await CliRun.RunAsync(Args(server), Key, stdin: "note it\ny\n/undo\n/undo\n/exit\n");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("--- /dev/null\n+++ b/notes/todo.md\n@@ -0,0 +1 @@\n+- buy milk\n", run.Stdout.ReplaceLineEndings("\n"));
        Assert.StartsWith("Created 'notes/todo.md'", ToolMessage(server.MessagesOf(1), "call_write"));
        Assert.Contains("Undid turn 1: deleted notes/todo.md.", run.Stdout);
        Assert.Contains("Nothing to undo: no turn has changed a file yet.", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_workspace, "notes")));
    }

    [Fact]
    public async Task A_call_that_cannot_apply_says_why_in_the_prompt_and_help_lists_undo()
    {
        await File.WriteAllTextAsync(Path.Combine(_workspace, "a.txt"), "alpha\n", TestContext.Current.CancellationToken);
        await using var server = await ScriptedOpenAIServer.StartAsync();
        server.EnqueueToolCalls(("call_edit", "edit_file", """{"path":"a.txt","old_text":"beta","new_text":"gamma"}"""));
        server.EnqueueText("It failed.");

        var run = await CliRun.RunAsync(Args(server), Key, stdin: "/help\nedit it\ny\n/exit\n");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("/undo reverts the files the last turn changed", run.Stdout);
        Assert.Contains("(no preview: old_text was not found in 'a.txt'.", run.Stdout);
    }

    [Fact]
    public void The_diff_is_coloured_and_a_long_one_is_cut()
    {
        var diff = UnifiedDiff.Create("a.txt", "one\ntwo\n", "one\n2\n");

        var lines = DiffMarkup.Lines(new FileChangePreview("a.txt", diff, null));

        Assert.Equal(["[bold]--- a/a.txt[/]", "[bold]+++ b/a.txt[/]", "[cyan]@@ -1,2 +1,2 @@[/]", " one", "[red]-two[/]", "[green]+2[/]"], lines);

        var huge = UnifiedDiff.Create("big.txt", null, string.Concat(Enumerable.Range(0, 500).Select(i => $"[line {i}]\n")));
        var cut = DiffMarkup.Lines(new FileChangePreview("big.txt", huge, null));
        Assert.Equal(DiffMarkup.MaxLines + 1, cut.Count);
        Assert.Equal("[green]+[[line 0]][/]", cut[3]);
        Assert.Equal("[grey]... diff cut at 200 lines (+500 -0 in all)[/]", cut[^1]);
    }
}
