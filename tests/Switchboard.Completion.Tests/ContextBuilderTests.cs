using System.Text;
using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Workspace;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class ContextBuilderTests
{
    private static readonly CompletionEngine Engine = new();

    private static (string Text, int Line, int Column) Cursor(string marked)
    {
        var at = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(at, 1);
        var (line, column) = TextLines.ToPosition(text, at);
        return (text, line, column);
    }

    private static CodeContext Build(string path, string marked, CompletionWorkspace? workspace = null, CompletionEngine? engine = null)
    {
        var (text, line, column) = Cursor(marked);
        return (engine ?? Engine).BuildContext(new CompletionRequest(path, text, line, column) { Workspace = workspace });
    }

    private static string ManyLines(int count, string prefix) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"{prefix} line number {i} with some words in it;\n"));

    [Fact]
    public void A_long_file_is_cut_to_the_budget_at_line_boundaries_around_the_cursor()
    {
        var context = Build("a.ts", ManyLines(2000, "const a =") + "let x = |;\n" + ManyLines(2000, "const b ="));

        Assert.True(context.EstimatedTokens <= 1536, $"{context.EstimatedTokens} tokens");
        Assert.EndsWith("let x = ", context.Prefix);
        Assert.StartsWith("const a =", context.Prefix);
        Assert.StartsWith(";\n", context.Suffix);
        Assert.EndsWith(";", context.Suffix);

        // Copilot's split: the suffix gets at most 15 % of the budget.
        Assert.InRange(TokenEstimator.Estimate(context.Suffix), 1, (int)(1536 * 0.15));
    }

    [Fact]
    public void A_short_suffix_leaves_its_budget_to_the_prefix()
    {
        var shortSuffix = Build("a.ts", ManyLines(2000, "const a =") + "let x = |");
        var longSuffix = Build("a.ts", ManyLines(2000, "const a =") + "let x = |\n" + ManyLines(2000, "const b ="));

        Assert.True(shortSuffix.Prefix.Length > longSuffix.Prefix.Length);
    }

    [Theory]
    [InlineData("foo(|bar);", true, false)]
    [InlineData("foo(bar|);", false, false)]
    [InlineData("if (x) {\n    |\n}", false, true)]
    [InlineData("int y = 1;\n|\nint z;", false, false)]
    [InlineData("if (x) {|", false, true)]
    public void Mid_line_and_block_start_are_told_apart(string marked, bool midLine, bool multiLine)
    {
        var context = Build("a.cs", marked);
        Assert.Equal(midLine, context.IsMidLine);
        Assert.Equal(multiLine, context.AllowsMultiLine);
    }

    [Fact]
    public void A_python_body_after_a_colon_is_a_block_start() =>
        Assert.True(Build("a.py", "def total(items):\n    |").AllowsMultiLine);

    [Fact]
    public void Scopes_and_imports_cut_off_by_the_budget_are_kept_as_context()
    {
        var body = ManyLines(800, "    int v");
        var context = Build("cart.cs", "using System.Text;\nnamespace Shop;\npublic sealed class Cart\n{\n    public void Add(int item)\n    {\n" + body + "        |\n    }\n}\n");

        Assert.Contains("using System.Text;", context.Imports);
        Assert.Equal(["namespace Shop", "public sealed class Cart", "public void Add(int item)"], context.Scopes.Select(s => s.Text));
    }

    [Fact]
    public void Python_scopes_come_from_indentation()
    {
        var context = Build("m.py", "import os\nclass Cart:\n    def add(self, item):\n" + string.Concat(Enumerable.Repeat("        x = 1\n", 900)) + "        |");
        Assert.Equal(["class Cart:", "def add(self, item):"], context.Scopes.Select(s => s.Text));
        Assert.Contains("import os", context.Imports);
    }

    [Fact]
    public void Csharp_signatures_of_types_used_near_the_cursor_come_from_other_files()
    {
        var workspace = new CompletionWorkspace();
        workspace.Open("/w/Order.cs", "namespace Shop;\npublic sealed class Order\n{\n    public decimal Total { get; }\n    public void AddLine(string sku, int quantity) { }\n    private int _secret;\n}\n");
        workspace.Open("/w/Unrelated.cs", "public class Weather { public int Degrees; }");

        var context = Build("/w/Checkout.cs", "public class Checkout\n{\n    public void Run(Order order)\n    {\n        order.|\n    }\n}\n", workspace);

        var signature = Assert.Single(context.Signatures, s => s.Contains("class Order", StringComparison.Ordinal));
        Assert.Contains("public void AddLine(string sku, int quantity);", signature);
        Assert.Contains("public decimal Total { get; }", signature);
        Assert.DoesNotContain("_secret", signature);
        Assert.DoesNotContain(context.Signatures, s => s.Contains("Weather", StringComparison.Ordinal));
    }

    [Fact]
    public void Similar_code_from_recent_files_becomes_a_snippet()
    {
        var workspace = new CompletionWorkspace();
        workspace.Open("/w/invoice.py", "def invoice_total(lines):\n    subtotal = sum(line.price * line.quantity for line in lines)\n    return subtotal * (1 + vat_rate)\n");
        workspace.Open("/w/weather.py", "def forecast(city):\n    return fetch(city).temperature\n");

        var context = Build("/w/receipt.py", "def receipt_total(lines):\n    subtotal = sum(line.price * line.quantity for line in lines)\n    |", workspace);

        var snippet = Assert.Single(context.Snippets);
        Assert.Equal("/w/invoice.py", snippet.FilePath);
        Assert.InRange(snippet.Similarity, 0.3, 1.0);
    }

    [Fact]
    public void Snippets_can_be_turned_off()
    {
        var workspace = new CompletionWorkspace();
        workspace.Open("/w/a.py", "def f(lines):\n    return sum(lines)\n");
        var engine = new CompletionEngine(new CompletionEngineOptions { Snippets = new SnippetOptions { MaxSnippets = 0 } });

        Assert.Empty(Build("/w/b.py", "def g(lines):\n    return sum(|", workspace, engine).Snippets);
    }

    [Fact]
    public void Indexing_a_folder_skips_build_output_and_feeds_the_csharp_index()
    {
        var root = Directory.CreateTempSubdirectory("sb-ws-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "Model.cs"), "public record Money(decimal Amount, string Currency);");
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            File.WriteAllText(Path.Combine(root, "bin", "Generated.cs"), "public class Generated { }");
            File.WriteAllText(Path.Combine(root, "notes.txt"), "not code");
            var workspace = new CompletionWorkspace();

            Assert.Equal(1, workspace.IndexDirectory(root));
            Assert.Contains("record Money(decimal Amount, string Currency)", Assert.Single(workspace.CSharpIndex.Find("Money")).Signature);
            Assert.Empty(workspace.CSharpIndex.Find("Generated"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_missing_workspace_folder_is_a_clear_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => new CompletionWorkspace().IndexDirectory("/no/such/folder/here"));

    [Fact]
    public void Budget_settings_are_validated_when_the_engine_is_built()
    {
        var options = new CompletionEngineOptions { Budget = new ContextBudget { MaxPromptTokens = 10 } };
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new CompletionEngine(options));
        var shares = new CompletionEngineOptions { Budget = new ContextBudget { SuffixShare = 0.6, ContextShare = 0.5 } };
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new CompletionEngine(shares));
    }

    [Fact]
    public void Non_ascii_text_counts_in_utf16_columns()
    {
        var builder = new StringBuilder("var s = \"héllo 😀\"; x|");
        var context = Build("a.cs", builder.ToString());
        Assert.EndsWith("x", context.Prefix);
    }
}
