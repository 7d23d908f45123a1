using Xunit;

namespace Switchboard.Completion.Evaluation.Tests;

public sealed class CompletionDatasetTests
{
    private const string Origin = """{"package":"demo","version":"1.0","registry":"npm","path":"src/a.ts","license":"MIT"}""";

    private static string Case(string id, int line, int column, string expected, string kind = "line", string file = "sources/demo/a.ts") =>
        $$"""{"id":"{{id}}","language":"typescript","kind":"{{kind}}","file":"{{file}}","line":{{line}},"column":{{column}},"expected":"{{expected}}","origin":{{Origin}}}""";

    [Fact]
    public void Cases_become_tasks_with_the_expected_text_removed_at_the_cursor()
    {
        using var data = new TempDataset()
            .WithFile("sources/demo/a.ts", "const a = 1;\nconst total = price * count;\n")
            .WithCases(Case("one", 1, 14, "price * count;"));
        data.WithFile("cases/two.json", """{"id":"two","language":"python","kind":"line-end","contents":"x = compute(1)\n","path":"inline.py","line":0,"column":4,"expected":"compute(1)","origin":{"package":"hand","version":"0","registry":"none","path":"-","license":"MIT"}}""");

        var dataset = CompletionDataset.Load(data.Root);

        Assert.Equal(2, dataset.Cases.Count);
        var one = dataset.Cases[0];
        Assert.Equal("const a = 1;\nconst total = \n", one.Task);
        Assert.Equal(27, one.Offset);
        Assert.Equal("inline.py", dataset.Cases[1].Path);
        Assert.Equal("x = \n", dataset.Cases[1].Task);
    }

    [Fact]
    public void A_case_whose_expected_text_is_not_at_its_cursor_is_named_with_its_line()
    {
        using var data = new TempDataset().WithFile("sources/demo/a.ts", "let x = 1;\n").WithCases(Case("wrong", 0, 4, "y = 2;"));
        var ex = Assert.Throws<DatasetException>(() => CompletionDataset.Load(data.Root));
        Assert.Contains("cases.jsonl:1", ex.Message);
        Assert.Contains("'wrong'", ex.Message);
    }

    [Theory]
    [InlineData("sources/demo/missing.ts", "line", "does not exist")]
    [InlineData("sources/demo/a.ts", "paragraph", "kind 'paragraph'")]
    public void Missing_files_and_unknown_kinds_are_clear_errors(string file, string kind, string message)
    {
        using var data = new TempDataset().WithFile("sources/demo/a.ts", "let x = 1;\n").WithCases(Case("c", 0, 4, "x", kind, file));
        Assert.Contains(message, Assert.Throws<DatasetException>(() => CompletionDataset.Load(data.Root)).Message);
    }

    [Fact]
    public void Duplicate_ids_and_malformed_lines_are_refused()
    {
        using var duplicates = new TempDataset().WithFile("sources/demo/a.ts", "let x = 1;\n").WithCases(Case("same", 0, 4, "x"), Case("same", 0, 4, "x"));
        Assert.Contains("used twice", Assert.Throws<DatasetException>(() => CompletionDataset.Load(duplicates.Root)).Message);

        using var malformed = new TempDataset().WithCases("{\"id\": 3");
        Assert.Contains("not a valid case", Assert.Throws<DatasetException>(() => CompletionDataset.Load(malformed.Root)).Message);

        using var empty = new TempDataset();
        Assert.Contains("no cases.jsonl", Assert.Throws<DatasetException>(() => CompletionDataset.Load(empty.Root)).Message);
    }

    [Fact]
    public void The_shipped_dataset_has_at_least_300_cases_in_three_languages_each_with_its_origin()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "eval", "completion"));
        var dataset = CompletionDataset.Load(root);

        Assert.True(dataset.Cases.Count >= 300, $"{dataset.Cases.Count} cases");
        Assert.Equal(["csharp", "python", "typescript"], dataset.Cases.Select(c => c.Case.Language).Distinct().Order());
        Assert.Equal(CaseKinds.All.Order(), dataset.Cases.Select(c => c.Case.Kind).Distinct().Order());
        Assert.All(dataset.Cases, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Case.Origin.Package));
            Assert.False(string.IsNullOrWhiteSpace(c.Case.Origin.Version));
            Assert.False(string.IsNullOrWhiteSpace(c.Case.Origin.License));
            Assert.False(string.IsNullOrWhiteSpace(c.Case.Origin.Path));
        });
    }
}
