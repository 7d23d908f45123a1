using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class WorkspacePathTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("../x", "'..' leads outside")]
    [InlineData("a/../../x", "'..' leads outside")]
    [InlineData("..", "'..' leads outside")]
    [InlineData("/etc/passwd", "absolute paths are not allowed")]
    [InlineData("~/.ssh/id_rsa", "absolute paths are not allowed")]
    public void Escaping_paths_are_refused_with_the_path_and_the_reason(string path, string reason)
    {
        var ex = Assert.Throws<WorkspacePathException>(() => _ws.Workspace.ResolvePath(path));
        Assert.Contains($"'{path}'", ex.Message);
        Assert.Contains(reason, ex.Message);
        Assert.IsAssignableFrom<ToolFailureException>(ex);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData(".", "")]
    [InlineData("src/a.cs", "src/a.cs")]
    [InlineData("src/../b.txt", "b.txt")]
    [InlineData("./new/dir/file.txt", "new/dir/file.txt")]
    public void Paths_inside_resolve_under_the_root(string path, string expectedRelative)
    {
        var full = _ws.Workspace.ResolvePath(path);
        Assert.Equal(Path.GetFullPath(Path.Combine(_ws.RootPath, expectedRelative)).TrimEnd('/'), full);
    }

    [Fact]
    public void A_symlinked_file_pointing_outside_cannot_be_read()
    {
        File.CreateSymbolicLink(_ws.PathOf("leak.txt"), Path.Combine(_ws.OutsidePath, "secret.txt"));

        var ex = Assert.Throws<WorkspacePathException>(() => _ws.Tools.ReadFile("leak.txt", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("symbolic link to a location outside the workspace", ex.Message);
        Assert.DoesNotContain("outside secret", ex.Message);
    }

    [Fact]
    public void A_symlinked_file_pointing_outside_cannot_be_written_through()
    {
        var target = Path.Combine(_ws.OutsidePath, "secret.txt");
        File.CreateSymbolicLink(_ws.PathOf("leak.txt"), target);

        Assert.Throws<WorkspacePathException>(() => _ws.Tools.WriteFile("leak.txt", "overwritten"));
        Assert.Throws<WorkspacePathException>(() => _ws.Tools.EditFile("leak.txt", "outside", "inside"));
        Assert.Equal("outside secret\n", File.ReadAllText(target));
    }

    [Fact]
    public void A_file_cannot_be_created_through_a_symlinked_directory_pointing_outside()
    {
        Directory.CreateSymbolicLink(_ws.PathOf("out"), _ws.OutsidePath);

        Assert.Throws<WorkspacePathException>(() => _ws.Tools.WriteFile("out/new.txt", "x"));
        Assert.Throws<WorkspacePathException>(() => _ws.Tools.WriteFile("out/deeper/new.txt", "x"));
        Assert.Throws<WorkspacePathException>(() => _ws.Tools.ListDirectory("out"));
        Assert.False(File.Exists(Path.Combine(_ws.OutsidePath, "new.txt")));
        Assert.False(Directory.Exists(Path.Combine(_ws.OutsidePath, "deeper")));
    }

    [Fact]
    public void A_dangling_link_to_outside_is_refused_before_anything_is_created()
    {
        var target = Path.Combine(_ws.OutsidePath, "created-by-link.txt");
        File.CreateSymbolicLink(_ws.PathOf("dangling"), target);

        Assert.Throws<WorkspacePathException>(() => _ws.Tools.WriteFile("dangling", "x"));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void A_chain_of_relative_links_that_ends_outside_is_followed_to_the_end()
    {
        // inside/b -> ../outside (a relative link), inside/a -> b/secret.txt: each hop looks local.
        Directory.CreateSymbolicLink(_ws.PathOf("b"), "../outside");
        File.CreateSymbolicLink(_ws.PathOf("a"), "b/secret.txt");

        Assert.Throws<WorkspacePathException>(() => _ws.Workspace.ResolvePath("a"));
    }

    [Fact]
    public void Links_that_stay_inside_the_workspace_are_fine_and_writes_keep_the_link()
    {
        _ws.Write("real/target.txt", "one\n");
        Directory.CreateSymbolicLink(_ws.PathOf("alias"), "real");
        File.CreateSymbolicLink(_ws.PathOf("shortcut.txt"), "real/target.txt");

        Assert.Contains("one", _ws.Tools.ReadFile("alias/target.txt", cancellationToken: TestContext.Current.CancellationToken));
        _ws.Tools.WriteFile("shortcut.txt", "two\n");

        Assert.Equal("two\n", _ws.Read("real/target.txt"));
        Assert.NotNull(new FileInfo(_ws.PathOf("shortcut.txt")).LinkTarget);
    }

    [Fact]
    public void A_link_cycle_is_refused_instead_of_looping()
    {
        File.CreateSymbolicLink(_ws.PathOf("loop1"), "loop2");
        File.CreateSymbolicLink(_ws.PathOf("loop2"), "loop1");

        var ex = Assert.Throws<WorkspacePathException>(() => _ws.Workspace.ResolvePath("loop1"));
        Assert.Contains("too many levels of symbolic links", ex.Message);
    }
}
