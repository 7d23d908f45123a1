using System.Text;
using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class FileToolTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Read_file_numbers_every_line()
    {
        _ws.Write("a.txt", "alpha\nbeta\r\ngamma");

        var text = _ws.Tools.ReadFile("a.txt", cancellationToken: Ct);

        Assert.Equal("     1\talpha\n     2\tbeta\n     3\tgamma\n", text);
    }

    [Fact]
    public void Read_file_shows_only_the_requested_range_with_real_line_numbers()
    {
        _ws.Write("lines.txt", string.Concat(Enumerable.Range(1, 50).Select(i => $"line {i}\n")));

        var text = _ws.Tools.ReadFile("lines.txt", startLine: 12, endLine: 14, cancellationToken: Ct);

        Assert.Equal("    12\tline 12\n    13\tline 13\n    14\tline 14\n", text);
        Assert.Contains("    50\tline 50", _ws.Tools.ReadFile("lines.txt", startLine: 50, cancellationToken: Ct));
    }

    [Fact]
    public void Read_file_explains_a_range_past_the_end_and_a_backwards_range()
    {
        _ws.Write("short.txt", "one\ntwo\n");

        var past = Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("short.txt", startLine: 10, cancellationToken: Ct));
        Assert.Contains("past the end", past.Message);
        Assert.Contains("2 lines", past.Message);
        Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("short.txt", startLine: 5, endLine: 2, cancellationToken: Ct));
        Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("short.txt", startLine: 0, cancellationToken: Ct));
    }

    [Fact]
    public void Read_file_caps_output_and_says_where_to_continue()
    {
        _ws.Write("long.txt", string.Concat(Enumerable.Range(1, FileReader.MaxLines + 500).Select(i => $"{i}\n")));

        var text = _ws.Tools.ReadFile("long.txt", cancellationToken: Ct);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(FileReader.MaxLines + 1, lines.Length);
        Assert.Contains($"continue with start_line={FileReader.MaxLines + 1}", lines[^1]);
    }

    [Fact]
    public void Read_file_refuses_a_binary_file()
    {
        File.WriteAllBytes(_ws.PathOf("image.png"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]);

        var ex = Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("image.png", cancellationToken: Ct));
        Assert.Contains("binary", ex.Message);
    }

    [Fact]
    public void Read_file_refuses_a_huge_file_whole_but_streams_a_range_of_it()
    {
        var line = new string('x', 99) + "\n";
        var builder = new StringBuilder();
        for (var i = 0; i < 12_000; i++)
        {
            builder.Append(line);
        }

        builder.Append("the last line\n");
        _ws.Write("big.log", builder.ToString());
        Assert.True(new FileInfo(_ws.PathOf("big.log")).Length > FileReader.MaxWholeFileBytes);

        var ex = Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("big.log", cancellationToken: Ct));
        Assert.Contains("over the 1 MB limit", ex.Message);
        Assert.Contains("start_line", ex.Message);

        var tail = _ws.Tools.ReadFile("big.log", startLine: 12_001, endLine: 12_001, cancellationToken: Ct);
        Assert.Equal(" 12001\tthe last line\n", tail);
    }

    [Fact]
    public void Read_file_says_when_a_file_is_missing_or_a_directory()
    {
        Directory.CreateDirectory(_ws.PathOf("src"));

        Assert.Contains("File not found: 'nope.txt'",
            Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("nope.txt", cancellationToken: Ct)).Message);
        Assert.Contains("is a directory",
            Assert.Throws<ToolFailureException>(() => _ws.Tools.ReadFile("src", cancellationToken: Ct)).Message);
    }

    [Fact]
    public void List_dir_sorts_and_marks_directories()
    {
        _ws.Write("b.txt", "");
        _ws.Write("a.txt", "");
        _ws.Write("src/x.cs", "");
        Directory.CreateDirectory(_ws.PathOf("docs"));

        Assert.Equal("a.txt\nb.txt\ndocs/\nsrc/\n", _ws.Tools.ListDirectory());
        Assert.Equal("x.cs\n", _ws.Tools.ListDirectory("src"));
    }

    [Fact]
    public void List_dir_caps_a_huge_directory()
    {
        for (var i = 0; i < DirectoryLister.MaxEntries + 20; i++)
        {
            File.WriteAllText(_ws.PathOf($"f{i:D4}.txt"), "");
        }

        var text = _ws.Tools.ListDirectory(".");

        Assert.Contains("[... 20 more entries not shown", text);
        Assert.Equal(DirectoryLister.MaxEntries + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Glob_returns_sorted_relative_paths_and_skips_git()
    {
        _ws.Write("src/b.cs", "");
        _ws.Write("src/deep/a.cs", "");
        _ws.Write("src/readme.md", "");
        _ws.Write(".git/objects/x.cs", "");

        Assert.Equal("src/b.cs\nsrc/deep/a.cs\n", _ws.Tools.Glob("**/*.cs", Ct));
        Assert.Equal("src/b.cs\n", _ws.Tools.Glob("src/*.cs", Ct));
        Assert.StartsWith("No files match", _ws.Tools.Glob("*.java", Ct));
        Assert.Throws<ToolFailureException>(() => _ws.Tools.Glob("../outside/*", Ct));
    }

    [Fact]
    public void Edit_file_replaces_a_unique_match_and_summarises_the_change()
    {
        _ws.Write("a.cs", "class A\n{\n    int x = 1;\n}\n");

        var summary = _ws.Tools.EditFile("a.cs", "int x = 1;", "int x = 2;");

        Assert.Equal("class A\n{\n    int x = 2;\n}\n", _ws.Read("a.cs"));
        Assert.Contains("@@ -3,1 +3,1 @@", summary);
        Assert.Contains("-    int x = 1;", summary);
        Assert.Contains("+    int x = 2;", summary);
    }

    [Fact]
    public void Edit_file_with_no_match_changes_nothing_and_gives_a_hint()
    {
        _ws.Write("a.cs", "    int x = 1;\n    int y = 2;\n");

        var ex = Assert.Throws<ToolFailureException>(() => _ws.Tools.EditFile("a.cs", "int x = 1;\nint y = 2;", "z"));

        Assert.Contains("not found", ex.Message);
        Assert.Contains("first line occurs at line 1", ex.Message);
        Assert.Equal("    int x = 1;\n    int y = 2;\n", _ws.Read("a.cs"));
    }

    [Fact]
    public void Edit_file_with_several_matches_asks_for_more_context()
    {
        _ws.Write("a.cs", "x = 1;\ny = 2;\nx = 1;\n");

        var ex = Assert.Throws<ToolFailureException>(() => _ws.Tools.EditFile("a.cs", "x = 1;", "x = 3;"));

        Assert.Contains("matches 2 times", ex.Message);
        Assert.Contains("lines 1, 3", ex.Message);
        Assert.Contains("surrounding lines", ex.Message);
        Assert.Equal("x = 1;\ny = 2;\nx = 1;\n", _ws.Read("a.cs"));

        _ws.Tools.EditFile("a.cs", "y = 2;\nx = 1;", "y = 2;\nx = 3;");
        Assert.Equal("x = 1;\ny = 2;\nx = 3;\n", _ws.Read("a.cs"));
    }

    [Fact]
    public void Edit_file_matches_a_crlf_file_and_keeps_its_line_endings_and_bom()
    {
        File.WriteAllBytes(_ws.PathOf("win.txt"), [.. TextFile.Utf8Bom, .. Encoding.UTF8.GetBytes("one\r\ntwo\r\nthree\r\n")]);

        _ws.Tools.EditFile("win.txt", "one\ntwo", "one\n2");

        var bytes = File.ReadAllBytes(_ws.PathOf("win.txt"));
        Assert.Equal([.. TextFile.Utf8Bom, .. Encoding.UTF8.GetBytes("one\r\n2\r\nthree\r\n")], bytes);
    }

    [Fact]
    public void Edit_file_refuses_a_binary_file()
    {
        File.WriteAllBytes(_ws.PathOf("data.bin"), [0x41, 0x00, 0x42]);

        Assert.Contains("binary", Assert.Throws<ToolFailureException>(() => _ws.Tools.EditFile("data.bin", "A", "B")).Message);
    }

    [Fact]
    public void Write_file_creates_parent_directories_inside_the_workspace()
    {
        var result = _ws.Tools.WriteFile("new/deep/file.txt", "hello\nworld\n");

        Assert.Equal("hello\nworld\n", _ws.Read("new/deep/file.txt"));
        Assert.StartsWith("Created 'new/deep/file.txt' (2 lines", result);
        Assert.StartsWith("Replaced", _ws.Tools.WriteFile("new/deep/file.txt", "x"));
    }

    [Fact]
    public void Writes_replace_the_file_atomically_by_rename()
    {
        var path = _ws.Write("a.txt", "old content\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // A reader holding the old file keeps seeing all of the old file: the new content is a new file renamed
        // into place, not the old file truncated and rewritten.
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _ws.Tools.WriteFile("a.txt", "new content\n");
        _ws.Tools.EditFile("a.txt", "new", "newer");

        using (var old = new StreamReader(reader))
        {
            Assert.Equal("old content\n", old.ReadToEnd());
        }

        Assert.Equal("newer content\n", _ws.Read("a.txt"));
        Assert.Equal(["a.txt"], Directory.GetFiles(_ws.RootPath).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute));
        }
    }

    [Fact]
    public void Tool_schemas_carry_the_snake_case_parameters_and_descriptions()
    {
        var read = _ws.Tools.All.Single(t => t.Name == "read_file");
        var schema = read.JsonSchema.GetRawText();

        Assert.Contains("\"start_line\"", schema);
        Assert.Contains("\"end_line\"", schema);
        Assert.Contains("First line to show", schema);
        Assert.DoesNotContain("cancellationToken", schema);
        Assert.Equal(
            ["read_file", "list_dir", "glob", "grep", "edit_file", "write_file", "run_command"],
            _ws.Tools.All.Select(t => t.Name));
    }
}
