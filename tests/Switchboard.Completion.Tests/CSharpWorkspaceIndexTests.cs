using Switchboard.Completion.CSharp;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class CSharpWorkspaceIndexTests
{
    private const string Source = """
        namespace Shop;
        public interface IPricing { decimal Price(string sku); }
        public enum Currency { Euro, Dollar }
        public sealed class Catalog<T> : IPricing where T : class
        {
            public Catalog(int size) { }
            public int Count { get; private set; }
            public decimal Price(string sku) => 1m;
            internal void Clear() { }
            private void Hidden() { }
        }
        """;

    [Fact]
    public void Types_are_indexed_with_their_visible_members()
    {
        var index = new CSharpWorkspaceIndex();
        index.Update("/s/Catalog.cs", Source);

        var catalog = index.Find("Catalog").First(d => d.IsType).Signature;
        Assert.StartsWith("public sealed class Catalog<T> : IPricing {", catalog);
        Assert.Contains("public Catalog(int size);", catalog);
        Assert.Contains("public int Count { get; private set; }", catalog);
        Assert.Contains("internal void Clear();", catalog);
        Assert.DoesNotContain("Hidden", catalog);
        Assert.Equal("public enum Currency { Euro, Dollar }", index.Find("Currency").Single().Signature);
        Assert.Contains("decimal Price(string sku);", index.Find("IPricing").Single().Signature);
        Assert.Contains(index.Find("Price"), d => !d.IsType && d.Signature == "Catalog: public decimal Price(string sku)");
    }

    [Fact]
    public void Updating_a_file_replaces_its_declarations_and_removing_forgets_them()
    {
        var index = new CSharpWorkspaceIndex();
        index.Update("/s/A.cs", "public class Alpha { }");
        index.Update("/s/A.cs", "public class Beta { }");

        Assert.Empty(index.Find("Alpha"));
        Assert.Single(index.Find("Beta"));
        index.Remove("/s/A.cs");
        Assert.Empty(index.Find("Beta"));
        Assert.Equal(0, index.FileCount);
    }

    [Fact]
    public void An_edit_reparses_incrementally_to_the_same_tree_a_full_parse_gives()
    {
        var index = new CSharpWorkspaceIndex();
        var before = index.GetTree("/s/C.cs", Source);
        var edited = Source.Replace("internal void Clear() { }", "internal void Clear() { Count = 0; }", StringComparison.Ordinal);

        var incremental = index.GetTree("/s/C.cs", edited);
        var full = CSharpWorkspaceIndex.Parse(edited);

        Assert.NotSame(before, incremental);
        Assert.Equal(edited, incremental.GetText(TestContext.Current.CancellationToken).ToString());
        Assert.True(incremental.GetRoot(TestContext.Current.CancellationToken).IsEquivalentTo(full.GetRoot(TestContext.Current.CancellationToken)));
        Assert.Same(incremental, index.GetTree("/s/C.cs", edited));
    }

    [Fact]
    public void Code_that_does_not_build_is_still_indexed()
    {
        var index = new CSharpWorkspaceIndex();
        index.Update("/s/Broken.cs", "public class Half { public void Go(int x) { if (x > ");
        Assert.Contains("public void Go(int x);", index.Find("Half").Single().Signature);
    }
}
