using Switchboard.Completion.Candidates;
using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class PostProcessingTests
{
    private static CodeContext Context(string path, string marked)
    {
        var at = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(at, 1);
        var (line, column) = TextLines.ToPosition(text, at);
        return new CompletionEngine().BuildContext(new CompletionRequest(path, text, line, column));
    }

    private static string? Process(string path, string marked, string raw, params string[] stops) =>
        CandidatePostProcessor.Process(raw, null, Context(path, marked), stops)?.Text;

    [Fact]
    public void Mid_line_keeps_one_line_and_drops_what_already_follows_the_cursor() =>
        Assert.Equal("a, b", Process("a.cs", "Sum(|);", "a, b);\nConsole.WriteLine();"));

    [Fact]
    public void At_a_line_end_outside_a_block_start_only_the_line_is_kept() =>
        Assert.Equal("var total = price * quantity;", Process("a.cs", "int x = 1;\n|", "var total = price * quantity;\nreturn total;"));

    [Fact]
    public void A_block_stops_where_it_repeats_the_suffix()
    {
        var result = Process("a.cs", "void M()\n{\n    |\n}\n", "    var x = 1;\n    Use(x);\n}\n\nvoid N() { }");
        Assert.Equal("    var x = 1;\n    Use(x);", result);
    }

    [Fact]
    public void A_block_never_closes_a_scope_opened_before_the_cursor()
    {
        var result = Process("a.ts", "function f() {\n  |\n  return 1;\n}", "  if (a) {\n    b();\n  }\n}\nfunction g() {}");
        Assert.Equal("  if (a) {\n    b();\n  }", result);
    }

    [Fact]
    public void A_python_block_stops_where_it_dedents()
    {
        var result = Process("a.py", "def f(x):\n    |", "y = x * 2\n    return y\n\ndef g():\n    pass");
        Assert.Equal("y = x * 2\n    return y", result);
    }

    [Fact]
    public void Repeated_lines_are_dropped_and_a_loop_is_cut()
    {
        var result = Process("a.py", "def f():\n    |", "a = 1\n    a = 1\n    log('step')\n    log('step2')\n    log('step')\n    log('step2')\n    log('step')\n    b = 2");
        Assert.Equal("a = 1\n    log('step')\n    log('step2')\n    log('step')\n    log('step2')", result);
    }

    [Fact]
    public void Stop_markers_end_the_candidate() =>
        Assert.Equal("x + 1", Process("a.py", "y = |", "x + 1<|endoftext|>garbage", "<|endoftext|>"));

    [Fact]
    public void A_one_line_call_left_open_is_closed() =>
        Assert.Equal("Console.WriteLine(Format(total))", Process("a.cs", "int x = 1;\n|", "Console.WriteLine(Format(total"));

    [Fact]
    public void A_call_cut_after_a_comma_is_left_alone() =>
        Assert.Equal("Add(a,", Process("a.cs", "int x = 1;\n|", "Add(a,"));

    [Fact]
    public void Whitespace_only_output_is_no_candidate() => Assert.Null(Process("a.cs", "x = |;", "   \n"));
}
