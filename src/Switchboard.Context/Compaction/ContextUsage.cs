namespace Switchboard.Context.Compaction;

/// <summary>What one request used of the context window and what the reducer did to fit it; a surface shows it as a meter.</summary>
public sealed record ContextUsage
{
    /// <summary>Tokens of the request as sent (after any compaction).</summary>
    public required long UsedTokens { get; init; }

    /// <summary>The model's context window.</summary>
    public required long Window { get; init; }

    /// <summary>Tokens kept free for the answer.</summary>
    public required long ReservedOutputTokens { get; init; }

    /// <summary>The threshold above which compaction starts (<see cref="ContextWindowOptions.AutoCompactAt"/> of the window, at most the budget).</summary>
    public required long CompactionThreshold { get; init; }

    /// <summary>Whether this request was shortened in any way (results shrunk, turns summarized or dropped).</summary>
    public bool Compacted => ToolResultsShrunk > 0 || MessagesSummarized > 0 || MessagesDropped > 0 || SummaryApplied;

    /// <summary>Whether an earlier summary stands in for the oldest turns.</summary>
    public bool SummaryApplied { get; init; }

    /// <summary>Messages folded into the summary by this request (0 when the earlier summary was reused as it was).</summary>
    public int MessagesSummarized { get; init; }

    /// <summary>Messages the summary stands for in all (earlier folds included).</summary>
    public int MessagesCoveredBySummary { get; init; }

    /// <summary>Messages left out by the sliding window (no summarizer, or it failed).</summary>
    public int MessagesDropped { get; init; }

    /// <summary>Tool results shortened to their head and tail.</summary>
    public int ToolResultsShrunk { get; init; }

    /// <summary>Calls this request made to the summarizer.</summary>
    public int SummarizerCalls { get; init; }

    /// <summary>Why the summarizer could not be used, when it failed; the sliding window was used instead.</summary>
    public string? SummarizerError { get; init; }

    /// <summary>Whether the counts are the tokenizer's own (OpenAI, local models) or estimates.</summary>
    public required bool IsExact { get; init; }

    /// <summary>Where the tokens go.</summary>
    public required ContextBreakdown Breakdown { get; init; }

    /// <summary>Tokens the request may use in all: window minus reserved output.</summary>
    public long Budget => Window - ReservedOutputTokens;

    /// <summary>Share of the window in use, 0 to 1 (a meter's fill).</summary>
    public double Fraction => Window == 0 ? 0 : (double)UsedTokens / Window;
}
