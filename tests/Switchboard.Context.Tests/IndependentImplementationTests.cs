using Switchboard.Context.Tokens;
using Xunit;

namespace Switchboard.Context.Tests;

/// <summary>Our tiktoken counts equal an independent implementation's on a mixed corpus of real text.</summary>
public sealed class IndependentImplementationTests
{
    [Fact]
    public async Task Counts_equal_js_tiktoken_on_prose_code_json_and_non_latin_text()
    {
        var documents = RealText.Mixed(perKind: 12);
        Assert.Contains(documents, d => d.Text.Any(c => c is >= '\u3040' and <= '\u30ff'));   // Japanese kana
        Assert.Contains(documents, d => d.Text.Any(c => c is >= '\u0400' and <= '\u04ff'));   // Cyrillic
        Assert.Equal(4, documents.Select(d => d.Kind).Distinct().Count());

        var reference = await IndependentTiktoken.CountAsync([.. documents.Select(d => d.Text)], TestContext.Current.CancellationToken);

        foreach (var (encoding, counter) in new[] { ("o200k_base", TiktokenTokenCounter.O200kBase), ("cl100k_base", TiktokenTokenCounter.Cl100kBase) })
        {
            var mismatches = documents
                .Select((d, i) => (d.Path, Ours: counter.CountTokens(d.Text), Theirs: reference[encoding][i]))
                .Where(r => r.Ours != r.Theirs)
                .ToList();
            Assert.True(mismatches.Count == 0,
                $"{encoding}: {mismatches.Count} of {documents.Count} documents differ: " +
                string.Join("; ", mismatches.Take(5).Select(m => $"{m.Path}: ours {m.Ours}, js-tiktoken {m.Theirs}")));
            Assert.True(reference[encoding].Sum() > 100_000, $"the corpus is too small to prove much ({reference[encoding].Sum()} tokens)");
        }
    }
}
