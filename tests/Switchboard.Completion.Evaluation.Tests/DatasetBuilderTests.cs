using Switchboard.Completion.Languages;
using Xunit;

namespace Switchboard.Completion.Evaluation.Tests;

public sealed class DatasetBuilderTests
{
    private const string Python = """"
        import os


        def describe(path, verbose=False):
            """Describe a path in words."""
            size = os.path.getsize(path)
            kind = 'directory' if os.path.isdir(path) else 'file'
            message = f'{path} is a {kind} of {size} bytes'
            return message.upper() if verbose else message


        class Counter:
            def __init__(self, start=0):
                self.value = start
                self.history = [start]

            def increment(self, step=1):
                self.value = self.value + step
                self.history.append(self.value)
                return self.value
        """";

    private static readonly CaseOrigin Origin = new("demo", "1.0", "debian", "demo.py", "MIT");

    [Fact]
    public void Every_case_has_its_expected_text_at_its_cursor_and_no_comment_is_masked()
    {
        var recipe = new DatasetRecipe { Sources = [], LinesPerFile = 5, LineEndsPerFile = 5, BlocksPerFile = 5 };
        var cases = DatasetBuilder.CasesOf(Python, LanguageCatalog.Python, "sources/demo/demo.py", Origin, recipe, new Random(1));

        Assert.Contains(cases, c => c.Kind == CaseKinds.Line);
        Assert.Contains(cases, c => c.Kind == CaseKinds.LineEnd);
        Assert.Contains(cases, c => c.Kind == CaseKinds.Block);
        foreach (var @case in cases)
        {
            var offset = Context.TextLines.ToOffset(Python, @case.Line, @case.Column);
            Assert.StartsWith(@case.Expected, Python[offset..]);
            Assert.DoesNotContain("Describe a path", @case.Expected);
            Assert.Equal(Origin, @case.Origin);
        }

        var block = cases.First(c => c.Kind == CaseKinds.Block);
        Assert.Equal(0, block.Column);
        Assert.True(block.Expected.Split('\n').Length >= 2);
    }

    [Fact]
    public void The_same_seed_gives_the_same_cases()
    {
        var recipe = new DatasetRecipe { Sources = [] };
        var first = DatasetBuilder.CasesOf(Python, LanguageCatalog.Python, "p.py", Origin, recipe, new Random(7));
        var second = DatasetBuilder.CasesOf(Python, LanguageCatalog.Python, "p.py", Origin, recipe, new Random(7));
        Assert.Equal(first.Select(c => c.Id), second.Select(c => c.Id));
    }

    [Fact]
    public void A_listed_file_that_is_not_installed_is_a_clear_error()
    {
        var recipe = new DatasetRecipe
        {
            Sources = [new DatasetSource { Package = "rxjs", Version = "7.8.2", Registry = "npm", License = "Apache-2.0", Root = "/nonexistent", Files = ["src/a.ts"] }],
        };
        var output = Directory.CreateTempSubdirectory("sb-build-").FullName;
        try
        {
            var ex = Assert.Throws<DatasetException>(() => DatasetBuilder.Build(recipe, output));
            Assert.Contains("install the package first", ex.Message);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
