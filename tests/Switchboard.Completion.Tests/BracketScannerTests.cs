using Switchboard.Completion.Context;
using Switchboard.Completion.Languages;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class BracketScannerTests
{
    [Fact]
    public void Brackets_in_strings_and_comments_do_not_count()
    {
        var code = "var s = \"{(\"; // ) }\n/* ] */ var c = '('; call(x";
        var scan = BracketScanner.Scan(code, LanguageCatalog.CSharp);
        Assert.Equal('(', Assert.Single(scan.Unclosed).Bracket);
        Assert.False(scan.Mismatched);
    }

    [Fact]
    public void Python_hash_comments_and_triple_quotes_do_not_count()
    {
        var code = "x = '''(\n[''' # {\ny = (1,";
        var scan = BracketScanner.Scan(code, LanguageCatalog.Python);
        Assert.Equal('(', Assert.Single(scan.Unclosed).Bracket);
    }

    [Fact]
    public void Closing_more_than_was_opened_is_reported_with_its_offset()
    {
        var scan = BracketScanner.Scan("a) }", LanguageCatalog.TypeScript);
        Assert.Equal(-2, scan.LowestDepth);
        Assert.Equal(1, scan.FirstBelowZero);
    }

    [Fact]
    public void A_closer_of_the_wrong_kind_is_a_mismatch() =>
        Assert.True(BracketScanner.Scan("f(a]", LanguageCatalog.JavaScript).Mismatched);

    [Theory]
    [InlineData("src/a.cs", "csharp")]
    [InlineData("x/b.TSX", "typescript")]
    [InlineData("c.py", "python")]
    [InlineData("README", "plaintext")]
    public void Languages_come_from_the_extension(string path, string id) => Assert.Equal(id, LanguageCatalog.FromPath(path).Id);
}
