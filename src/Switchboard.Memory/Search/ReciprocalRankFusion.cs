namespace Switchboard.Memory.Search;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): each ranking gives a memory
/// <c>weight / (k + rank)</c> (rank from 1), summed over rankings. It needs no score calibration between BM25 and
/// cosine similarity, whose scales have nothing in common.
/// </summary>
internal static class ReciprocalRankFusion
{
    /// <summary>The fused scores of every memory in any ranking.</summary>
    public static Dictionary<long, double> Fuse(int k, IEnumerable<(IReadOnlyList<long> Ranking, double Weight)> rankings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 0);
        ArgumentNullException.ThrowIfNull(rankings);
        var scores = new Dictionary<long, double>();
        foreach (var (ranking, weight) in rankings)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                scores[ranking[i]] = scores.GetValueOrDefault(ranking[i]) + (weight / (k + i + 1));
            }
        }

        return scores;
    }
}
