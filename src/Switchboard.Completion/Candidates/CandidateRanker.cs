using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;

namespace Switchboard.Completion.Candidates;

/// <summary>
/// Orders candidates by a score in [0, 1] made of: the model's confidence (mean token log-probability, when the
/// transport returned it), whether the file stays well-formed with the candidate inserted, how many samples agreed
/// on it, whether it ran into the suffix, and its length (a longer useful suggestion saves more typing).
/// </summary>
internal static class CandidateRanker
{
    private const double ConfidenceWeight = 0.35;
    private const double SyntaxWeight = 0.30;
    private const double AgreementWeight = 0.15;
    private const double SuffixWeight = 0.10;
    private const double LengthWeight = 0.10;

    /// <summary>Used for every candidate when the transport gives no log-probabilities, so it neither helps nor hurts.</summary>
    private const double UnknownConfidence = 0.5;

    public static IReadOnlyList<CompletionCandidate> Rank(IReadOnlyList<ProcessedCandidate> candidates, CodeContext context, int max)
    {
        var groups = candidates
            .GroupBy(c => c.Text, StringComparer.Ordinal)
            .Select(g => (Best: g.OrderByDescending(c => c.MeanLogProbability ?? double.MinValue).First(), Votes: g.Count()))
            .ToList();
        var total = Math.Max(1, candidates.Count);
        var ranked = new List<CompletionCandidate>(groups.Count);
        foreach (var (best, votes) in groups)
        {
            var confidence = best.MeanLogProbability is { } mean ? Math.Exp(Math.Min(0, mean)) : UnknownConfidence;
            var syntax = SyntaxChecker.IsValid(context, best.Text) ? 1.0 : 0.0;
            var agreement = (double)votes / total;
            var suffix = best.RepeatedSuffix ? 0.0 : 1.0;
            var length = context.AllowsMultiLine
                ? Math.Min(1.0, best.Text.Count(c => c == '\n') / 4.0 + 0.25)
                : Math.Min(1.0, best.Text.Trim().Length / 24.0);
            var score = (ConfidenceWeight * confidence) + (SyntaxWeight * syntax) + (AgreementWeight * agreement)
                + (SuffixWeight * suffix) + (LengthWeight * length);
            ranked.Add(new CompletionCandidate(best.Text, Math.Round(score, 4)));
        }

        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        return ranked.Count > max ? ranked[..max] : ranked;
    }
}
