using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>The diff a person sees before approving edit_file or write_file, worked out without writing.</summary>
public sealed class PreviewTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>A call as a provider delivers it: arguments parsed from JSON.</summary>
    private static FunctionCallContent Call(string name, string json) =>
        new("c1", name, JsonSerializer.Deserialize<Dictionary<string, object?>>(json));

    [Fact]
    public void An_edit_is_shown_as_a_unified_diff_and_the_file_is_untouched()
    {
        _ws.Write("src/config.ini", "[server]\nport = 80\nhost = local\n");

        var preview = _ws.Tools.Preview(Call("edit_file", """{"path":"./src/config.ini","old_text":"port = 80","new_text":"port = 8080"}"""));

        Assert.NotNull(preview);
        Assert.Null(preview.Problem);
        Assert.Equal("src/config.ini", preview.Path);
        Assert.Equal("--- a/src/config.ini\n+++ b/src/config.ini\n@@ -1,3 +1,3 @@\n [server]\n-port = 80\n+port = 8080\n host = local\n", preview.Diff!.ToString());
        Assert.Equal("[server]\nport = 80\nhost = local\n", _ws.Read("src/config.ini"));
        Assert.Empty(_ws.Tools.Checkpoints.Turns);
    }

    [Fact]
    public void A_new_file_diffs_against_nothing_and_a_replaced_one_against_its_content()
    {
        var created = _ws.Tools.Preview(Call("write_file", """{"path":"new.txt","content":"hello\n"}"""))!;
        Assert.True(created.Diff!.IsNewFile);
        Assert.Equal("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hello\n", created.Diff.ToString());
        Assert.False(File.Exists(_ws.PathOf("new.txt")));

        _ws.Write("old.txt", "a\nb\n");
        var replaced = _ws.Tools.Preview(Call("write_file", """{"path":"old.txt","content":"a\nc\n"}"""))!;
        Assert.Equal((1, 1), (replaced.Diff!.AddedLines, replaced.Diff.RemovedLines));
    }

    [Fact]
    public void A_call_that_would_fail_gives_the_reason_instead_of_a_diff()
    {
        _ws.Write("a.txt", "alpha\n");

        var noMatch = _ws.Tools.Preview(Call("edit_file", """{"path":"a.txt","old_text":"beta","new_text":"gamma"}"""))!;
        var outside = _ws.Tools.Preview(Call("write_file", """{"path":"../outside/x.txt","content":"x"}"""))!;

        Assert.Null(noMatch.Diff);
        Assert.Contains("old_text was not found in 'a.txt'", noMatch.Problem, StringComparison.Ordinal);
        Assert.Contains("'..' leads outside the workspace", outside.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_tools_have_no_preview()
    {
        Assert.Null(_ws.Tools.Preview(Call("read_file", """{"path":"a.txt"}""")));
        Assert.Null(_ws.Tools.Preview(new FunctionCallContent("c2", "run_command")));
    }
}
