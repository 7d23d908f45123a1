namespace Switchboard.Context.Compaction;

/// <summary>The resolved numbers for one request.</summary>
internal sealed record ContextLimits(
    long Window,
    long ReservedOutputTokens,
    long Budget,
    long Threshold,
    long KeepRecentTokens,
    long MaxToolResultTokens,
    long MaxSummaryTokens,
    long SummarizerInputTokens);
