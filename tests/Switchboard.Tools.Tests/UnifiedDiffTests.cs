using System.Diagnostics;
using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void One_changed_line_shows_with_three_lines_of_context()
    {
        var before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        var after = "a\nb\nc\nd\nE\nf\ng\nh\n";

        var diff = UnifiedDiff.Create("src/x.txt", before, after);

        Assert.Equal("--- a/src/x.txt\n+++ b/src/x.txt\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", diff.ToString());
        Assert.Equal((1, 1), (diff.AddedLines, diff.RemovedLines));
        Assert.True(diff.HasChanges);
    }

    [Fact]
    public void A_new_file_diffs_against_dev_null_from_line_zero()
    {
        var diff = UnifiedDiff.Create("notes.md", null, "# Notes\nfirst\n");

        Assert.True(diff.IsNewFile);
        Assert.Equal("--- /dev/null\n+++ b/notes.md\n@@ -0,0 +1,2 @@\n+# Notes\n+first\n", diff.ToString());
    }

    [Fact]
    public void A_missing_final_newline_is_a_change_and_is_marked()
    {
        var diff = UnifiedDiff.Create("a.txt", "one\ntwo", "one\ntwo\n");

        Assert.Equal("--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n\\ No newline at end of file\n+two\n", diff.ToString());
    }

    [Fact]
    public void Identical_texts_have_no_hunks_and_emptying_a_file_removes_every_line()
    {
        Assert.False(UnifiedDiff.Create("a", "x\ny\n", "x\ny\n").HasChanges);
        Assert.Equal("", UnifiedDiff.Create("a", "x\n", "x\n").ToString());

        var emptied = UnifiedDiff.Create("a", "x\ny\n", "");
        Assert.Equal("--- a/a\n+++ b/a\n@@ -1,2 +0,0 @@\n-x\n-y\n", emptied.ToString());
    }

    [Fact]
    public void Changes_far_apart_make_separate_hunks_and_close_ones_merge()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"line {i}").ToArray();
        var far = lines.Select((l, i) => i is 4 or 30 ? l + " changed" : l);
        var near = lines.Select((l, i) => i is 4 or 9 ? l + " changed" : l);

        Assert.Equal(2, UnifiedDiff.Create("f", Text(lines), Text(far)).Hunks.Count);
        var merged = Assert.Single(UnifiedDiff.Create("f", Text(lines), Text(near)).Hunks);
        Assert.Equal((2, 12, 2, 12), (merged.OldStart, merged.OldCount, merged.NewStart, merged.NewCount));
    }

    [Fact]
    public void The_hunks_are_what_gnu_diff_writes()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/diff"), "GNU diff is not installed.");
        var before = Text(Enumerable.Range(1, 60).Select(i => $"row {i}"));
        var after = Text(Enumerable.Range(1, 60)
            .Where(i => i != 7)
            .Select(i => i switch { 20 => "row twenty", 45 => "row 45\nrow 45b", _ => $"row {i}" }))
            + "tail without newline";

        var ours = UnifiedDiff.Create("f.txt", before, after).ToString();

        var folder = Directory.CreateTempSubdirectory("switchboard-diff-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "old"), before);
            File.WriteAllText(Path.Combine(folder.FullName, "new"), after);
            var diff = Process.Start(new ProcessStartInfo("/usr/bin/diff", ["-u", "old", "new"])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var gnu = diff.StandardOutput.ReadToEnd();
            diff.WaitForExit();

            // The header lines carry file names and times; the hunks must match exactly.
            Assert.Equal(string.Join('\n', gnu.Split('\n').Skip(2)), string.Join('\n', ours.Split('\n').Skip(2)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}
