using Switchboard.Completion.Candidates;
using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class RankingTests
{
    private static CodeContext CSharpContext() =>
        new CompletionEngine().BuildContext(new CompletionRequest("a.cs", "class C\n{\n    int M() => 1;\n}\n", 2, 15));

    [Fact]
    public void A_candidate_that_breaks_the_file_ranks_below_one_that_does_not()
    {
        var context = CSharpContext();
        var ranked = CandidateRanker.Rank(
            [new ProcessedCandidate(" + (2", null, false), new ProcessedCandidate(" + 2", null, false)],
            context, 3);

        Assert.Equal(" + 2", ranked[0].Text);
        Assert.True(ranked[0].Score > ranked[1].Score);
    }

    [Fact]
    public void Higher_mean_logprob_wins_between_equally_valid_candidates()
    {
        var ranked = CandidateRanker.Rank(
            [new ProcessedCandidate(" + 20", -2.0, false), new ProcessedCandidate(" + 30", -0.1, false)],
            CSharpContext(), 3);

        Assert.Equal(" + 30", ranked[0].Text);
    }

    [Fact]
    public void Identical_candidates_merge_and_their_agreement_counts()
    {
        var ranked = CandidateRanker.Rank(
            [new ProcessedCandidate(" + 2", null, false), new ProcessedCandidate(" + 3", null, false), new ProcessedCandidate(" + 3", null, false)],
            CSharpContext(), 3);

        Assert.Equal(2, ranked.Count);
        Assert.Equal(" + 3", ranked[0].Text);
    }

    [Fact]
    public void A_candidate_that_ran_into_the_suffix_ranks_lower()
    {
        var ranked = CandidateRanker.Rank(
            [new ProcessedCandidate(" + 2", null, true), new ProcessedCandidate(" + 4", null, false)],
            CSharpContext(), 3);

        Assert.Equal(" + 4", ranked[0].Text);
    }

    [Fact]
    public void Whole_files_are_checked_by_roslyn_or_bracket_balance()
    {
        Assert.True(SyntaxChecker.IsValidFile("a.cs", "class C { void M() { } }"));
        Assert.False(SyntaxChecker.IsValidFile("a.cs", "class C { void M() { }"));
        Assert.True(SyntaxChecker.IsValidFile("a.ts", "function f() { return [1, 2]; }"));
        Assert.False(SyntaxChecker.IsValidFile("a.ts", "function f() { return [1, 2); }"));
    }
}
