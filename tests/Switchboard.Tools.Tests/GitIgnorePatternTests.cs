using Xunit;

namespace Switchboard.Tools.Tests;

public sealed class GitIgnorePatternTests
{
    [Theory]
    [InlineData("*.log", "a.log", false, true)]
    [InlineData("*.log", "deep/dir/a.log", false, true)]
    [InlineData("*.log", "a.logx", false, false)]
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, false)]
    [InlineData("build/", "src/build", true, true)]
    [InlineData("build/", "build", false, false)]
    [InlineData("doc/*.txt", "doc/a.txt", false, true)]
    [InlineData("doc/*.txt", "doc/sub/a.txt", false, false)]
    [InlineData("doc/**/*.txt", "doc/sub/deeper/a.txt", false, true)]
    [InlineData("doc/**/*.txt", "doc/a.txt", false, true)]
    [InlineData("**/tmp", "a/b/tmp", true, true)]
    [InlineData("tmp/**", "tmp/a/b", false, true)]
    [InlineData("file?.txt", "file1.txt", false, true)]
    [InlineData("file?.txt", "file10.txt", false, false)]
    [InlineData("[ab].txt", "b.txt", false, true)]
    [InlineData("[!ab].txt", "b.txt", false, false)]
    [InlineData("\\#hash", "#hash", false, true)]
    public void Patterns_follow_gitignore_rules(string pattern, string path, bool isDirectory, bool expected)
    {
        var parsed = GitIgnorePattern.Parse(pattern);
        Assert.NotNull(parsed);
        Assert.Equal(expected, parsed.IsMatch(path, isDirectory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# comment")]
    public void Blank_lines_and_comments_are_not_rules(string line) => Assert.Null(GitIgnorePattern.Parse(line));

    [Fact]
    public void The_last_matching_rule_decides()
    {
        var stack = GitIgnoreStack.Empty.Push(GitIgnoreFile.Parse("", ["*.txt", "!keep*.txt", "keep-not.txt"]));

        Assert.True(stack.IsIgnored("a.txt", false));
        Assert.False(stack.IsIgnored("keep.txt", false));
        Assert.True(stack.IsIgnored("keep-not.txt", false));
    }
}
