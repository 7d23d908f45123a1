namespace Switchboard.Completion.Candidates;

/// <summary>A model's candidate after post-processing, with what ranking needs to know about it.</summary>
/// <param name="Text">The text to insert at the cursor.</param>
/// <param name="MeanLogProbability">The mean token log-probability the transport reported, if any.</param>
/// <param name="RepeatedSuffix">Whether the raw candidate ran into code that already follows the cursor (and was cut there).</param>
internal sealed record ProcessedCandidate(string Text, double? MeanLogProbability, bool RepeatedSuffix);
