namespace Switchboard.Memory.Evaluation;

/// <summary>How well one ranking found the pages.</summary>
/// <param name="Name">The ranking, as printed.</param>
/// <param name="Queries">How many queries were asked.</param>
/// <param name="RecallAt5">Share of queries whose page has a chunk among the first 5 results.</param>
/// <param name="MeanReciprocalRank">Mean of 1 / rank of the page's first chunk (0 when not in the first 100).</param>
internal sealed record RetrievalScore(string Name, int Queries, double RecallAt5, double MeanReciprocalRank);
