using System.Text;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>Each turn's file changes are remembered and can be undone: old content back, created files gone.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private FileCheckpointStore Checkpoints => _ws.Tools.Checkpoints;

    [Fact]
    public void Undo_restores_the_content_before_the_turns_first_change_and_deletes_what_it_created()
    {
        _ws.Write("src/app.cs", "class App\n{\n}\n");
        Checkpoints.BeginTurn();

        _ws.Tools.EditFile("src/app.cs", "{\n}", "{\n    void Run() { }\n}");
        _ws.Tools.EditFile("src/app.cs", "Run", "Start");
        _ws.Tools.WriteFile("docs/guide/intro.md", "# Intro\n");

        var turn = Assert.Single(Checkpoints.Turns);
        Assert.Equal(["src/app.cs", "docs/guide/intro.md"], turn.Files.Select(f => f.Path));
        Assert.Equal("class App\n{\n}\n", Encoding.UTF8.GetString(turn.Files[0].OriginalContent.Span));
        Assert.False(turn.Files[1].Existed);

        var undo = Checkpoints.UndoLastTurn();

        Assert.NotNull(undo);
        Assert.Equal("class App\n{\n}\n", _ws.Read("src/app.cs"));
        Assert.False(File.Exists(_ws.PathOf("docs/guide/intro.md")));
        Assert.False(Directory.Exists(_ws.PathOf("docs")), "the folders the turn created should go with the file");
        Assert.Equal(["src/app.cs"], undo.Restored);
        Assert.Equal(["docs/guide/intro.md"], undo.Deleted);
        Assert.Empty(undo.Failures);
        Assert.Equal("Undid turn 1: restored src/app.cs; deleted docs/guide/intro.md.", undo.Describe());
    }

    [Fact]
    public void Each_undo_goes_back_one_turn_that_changed_files()
    {
        _ws.Write("a.txt", "v1\n");
        Checkpoints.BeginTurn();
        _ws.Tools.WriteFile("a.txt", "v2\n");
        Checkpoints.BeginTurn();
        _ws.Tools.WriteFile("a.txt", "v3\n");
        Checkpoints.BeginTurn(); // a turn that only talked

        Assert.Equal(2, Checkpoints.UndoLastTurn()!.TurnNumber);
        Assert.Equal("v2\n", _ws.Read("a.txt"));
        Assert.Equal(1, Checkpoints.UndoLastTurn()!.TurnNumber);
        Assert.Equal("v1\n", _ws.Read("a.txt"));
        Assert.Null(Checkpoints.UndoLastTurn());
    }

    [Fact]
    public void Undo_puts_back_the_exact_bytes_and_permissions_even_if_the_file_was_deleted_since()
    {
        var original = (byte[])[.. TextFile.Utf8Bom, .. "one\r\ntwo\r\n"u8];
        var path = _ws.PathOf("win.txt");
        File.WriteAllBytes(path, original);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        }

        Checkpoints.BeginTurn();
        _ws.Tools.EditFile("win.txt", "two", "2");
        File.Delete(path);

        Checkpoints.UndoLastTurn();

        Assert.Equal(original, File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_failed_edit_records_nothing_and_a_folder_the_user_filled_is_kept()
    {
        _ws.Write("a.txt", "text\n");
        Checkpoints.BeginTurn();
        Assert.Throws<ToolFailureException>(() => _ws.Tools.EditFile("a.txt", "absent", "x"));
        Assert.Null(Checkpoints.UndoLastTurn());

        Checkpoints.BeginTurn();
        _ws.Tools.WriteFile("out/report.txt", "r\n");
        _ws.Write("out/notes.txt", "mine\n");
        var undo = Checkpoints.UndoLastTurn();

        Assert.Equal(["out/report.txt"], undo!.Deleted);
        Assert.Equal("mine\n", _ws.Read("out/notes.txt"));
    }

    [Fact]
    public void Changes_before_any_turn_began_are_still_undoable_and_old_turns_are_forgotten_past_the_limit()
    {
        _ws.Tools.WriteFile("early.txt", "x\n");
        Assert.Equal(["early.txt"], Checkpoints.UndoLastTurn()!.Deleted);

        var store = new FileCheckpointStore(maxTurns: 2);
        var tools = new WorkspaceTools(_ws.Workspace, checkpoints: store);
        foreach (var version in new[] { "1", "2", "3" })
        {
            store.BeginTurn();
            tools.WriteFile("counter.txt", version);
        }

        Assert.Equal([2, 3], store.Turns.Select(t => t.Number));
        store.UndoLastTurn();
        store.UndoLastTurn();
        Assert.Null(store.UndoLastTurn());
        Assert.Equal("1", _ws.Read("counter.txt"));
    }
}
