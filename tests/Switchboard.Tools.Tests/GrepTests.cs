using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class GrepTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string[] Grep(string pattern, string path = ".", string? glob = null) =>
        _ws.Tools.Grep(pattern, path, glob, Ct).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Matches_come_back_as_path_line_text()
    {
        _ws.Write("src/a.cs", "using System;\n  var needle = 1;\n");
        _ws.Write("b.txt", "no\nneedle here\n");

        Assert.Equal(["b.txt:2: needle here", "src/a.cs:2: var needle = 1;"], Grep("needle"));
        Assert.Equal(["src/a.cs:2: var needle = 1;"], Grep("needle", "src"));
        Assert.Equal(["src/a.cs:2: var needle = 1;"], Grep("needle", glob: "*.cs"));
        Assert.Equal(["b.txt:2: needle here"], Grep(@"^needle\s"));
    }

    [Fact]
    public void Ignored_directories_and_files_are_skipped_and_negation_brings_files_back()
    {
        _ws.Write(".gitignore", "# build output\n\nbin/\n*.log\n!keep.log\n/rooted.txt\n");
        _ws.Write("bin/out.txt", "needle\n");
        _ws.Write("src/bin/nested.txt", "needle\n");
        _ws.Write("debug.log", "needle\n");
        _ws.Write("keep.log", "needle\n");
        _ws.Write("rooted.txt", "needle\n");
        _ws.Write("src/rooted.txt", "needle\n");
        _ws.Write("src/main.cs", "needle\n");

        Assert.Equal(["keep.log:1: needle", "src/main.cs:1: needle", "src/rooted.txt:1: needle"], Grep("needle"));
    }

    [Fact]
    public void Nested_gitignore_files_apply_below_their_folder_and_override_the_root()
    {
        _ws.Write(".gitignore", "*.gen.cs\n");
        _ws.Write("lib/.gitignore", "!important.gen.cs\nlocal/\n**/tmp/**\n");
        _ws.Write("a.gen.cs", "needle\n");
        _ws.Write("lib/important.gen.cs", "needle\n");
        _ws.Write("lib/other.gen.cs", "needle\n");
        _ws.Write("lib/local/x.cs", "needle\n");
        _ws.Write("lib/deep/tmp/y.cs", "needle\n");
        _ws.Write("local/x.cs", "needle\n");

        Assert.Equal(["lib/important.gen.cs:1: needle", "local/x.cs:1: needle"], Grep("needle"));
    }

    [Fact]
    public void Searching_below_the_root_still_applies_the_root_gitignore()
    {
        _ws.Write(".gitignore", "*.log\n");
        _ws.Write("src/app.log", "needle\n");
        _ws.Write("src/app.cs", "needle\n");

        Assert.Equal(["src/app.cs:1: needle"], Grep("needle", "src"));
    }

    [Fact]
    public void Binary_files_and_the_git_folder_are_skipped()
    {
        File.WriteAllBytes(_ws.PathOf("blob.bin"), [.. "needle"u8, 0x00, .. "needle"u8]);
        _ws.Write(".git/config", "needle\n");
        _ws.Write("text.txt", "needle\n");

        Assert.Equal(["text.txt:1: needle"], Grep("needle"));
    }

    [Fact]
    public void Output_stops_at_the_match_cap_with_a_note()
    {
        _ws.Write("many.txt", string.Concat(Enumerable.Repeat("needle\n", GrepSearch.MaxMatches + 50)));

        var lines = Grep("needle");

        Assert.Equal(GrepSearch.MaxMatches + 1, lines.Length);
        Assert.Contains($"stopped at {GrepSearch.MaxMatches} matches", lines[^1]);
    }

    [Fact]
    public void No_match_is_an_answer_and_a_bad_regex_is_explained()
    {
        _ws.Write("a.txt", "hello\n");

        Assert.StartsWith("No matches for /absent/", _ws.Tools.Grep("absent", cancellationToken: Ct));
        Assert.Contains("not a valid .NET regular expression",
            Assert.Throws<ToolFailureException>(() => _ws.Tools.Grep("(unclosed", cancellationToken: Ct)).Message);
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_instead_of_hanging()
    {
        _ws.Write("a.txt", new string('a', 5000) + "!\n");

        var started = DateTime.UtcNow;
        var ex = Assert.Throws<ToolFailureException>(() => _ws.Tools.Grep(@"^(\w+\s?)*$", cancellationToken: Ct));

        Assert.Contains("simplify it", ex.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_symlinked_directory_is_not_followed()
    {
        Directory.CreateSymbolicLink(_ws.PathOf("out"), _ws.OutsidePath);
        _ws.Write("in.txt", "secret\n");

        Assert.Equal(["in.txt:1: secret"], Grep("secret"));
    }
}
