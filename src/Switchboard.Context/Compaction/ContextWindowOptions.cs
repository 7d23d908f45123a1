using Switchboard.Catalog;

namespace Switchboard.Context.Compaction;

/// <summary>How the context window is kept: its size, the output reserve, when to compact and what to keep.</summary>
/// <remarks>Validated when the reducer is built (<see cref="Validate"/>), so a bad setting fails at start, naming the setting.</remarks>
public sealed class ContextWindowOptions
{
    /// <summary>The model's context window in tokens (the catalog's <see cref="ModelInfo.ContextWindow"/>).</summary>
    public long Window { get; set; }

    /// <summary>
    /// Tokens kept free for the answer (the catalog's <see cref="ModelInfo.MaxOutputTokens"/>, or less); a request's
    /// own <c>ChatOptions.MaxOutputTokens</c> replaces it for that request.
    /// </summary>
    public long ReservedOutputTokens { get; set; }

    /// <summary>Compaction starts when a request would use more than this share of the window (default 0.8).</summary>
    public double AutoCompactAt { get; set; } = 0.8;

    /// <summary>
    /// The most recent turns, up to this many tokens, are always sent verbatim; null for a quarter of the
    /// compaction threshold. The latest turn is kept whatever its size.
    /// </summary>
    public long? KeepRecentTokens { get; set; }

    /// <summary>A tool result of an older turn larger than this is cut to its head and tail; null for 1/16 of the threshold (at least 256).</summary>
    public long? MaxToolResultTokens { get; set; }

    /// <summary>The longest summary asked for (the summarizer's <c>MaxOutputTokens</c>); null for 1/8 of the threshold, at most 4,000.</summary>
    public long? MaxSummaryTokens { get; set; }

    /// <summary>
    /// The largest request sent to the summarizer (its own window less its answer); null for this model's budget.
    /// Turns to fold that do not fit are folded over several calls, each building on the last summary.
    /// </summary>
    public long? SummarizerInputTokens { get; set; }

    /// <summary>The instruction given to the summarizer.</summary>
    public string SummaryPrompt { get; set; } = ContextSummaryPrompt.Default;

    /// <summary>Options for <paramref name="model"/>: its window, and as reserve its maximum output up to a quarter of the window.</summary>
    /// <exception cref="ArgumentException">The catalog does not know the model's context window.</exception>
    public static ContextWindowOptions ForModel(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ContextWindow is not > 0)
        {
            throw new ArgumentException($"The catalog has no context window for {model.Id}; give the window in the options.", nameof(model));
        }

        var window = model.ContextWindow.Value;
        return new ContextWindowOptions
        {
            Window = window,
            ReservedOutputTokens = Math.Min(model.MaxOutputTokens ?? window / 8, window / 4),
        };
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public void Validate()
    {
        if (Window <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "The context window must be a positive number of tokens.");
        }

        if (ReservedOutputTokens < 0 || ReservedOutputTokens >= Window)
        {
            throw new ArgumentOutOfRangeException(nameof(ReservedOutputTokens), ReservedOutputTokens,
                $"The output reserve must be at least 0 and less than the window ({Window}).");
        }

        if (!double.IsFinite(AutoCompactAt) || AutoCompactAt <= 0 || AutoCompactAt > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AutoCompactAt), AutoCompactAt, "AutoCompactAt is a share of the window: more than 0, at most 1.");
        }

        var threshold = ThresholdFor(ReservedOutputTokens);
        CheckOptional(KeepRecentTokens, nameof(KeepRecentTokens), 0, threshold - 1);
        CheckOptional(MaxToolResultTokens, nameof(MaxToolResultTokens), 16, long.MaxValue);
        CheckOptional(MaxSummaryTokens, nameof(MaxSummaryTokens), 16, threshold - 1);
        CheckOptional(SummarizerInputTokens, nameof(SummarizerInputTokens), 256, long.MaxValue);
        if (string.IsNullOrWhiteSpace(SummaryPrompt))
        {
            throw new ArgumentOutOfRangeException(nameof(SummaryPrompt), "The summary prompt must not be empty.");
        }
    }

    /// <summary>The limits for one request, whose own output cap (when set) replaces the reserve.</summary>
    internal ContextLimits LimitsFor(int? requestMaxOutputTokens)
    {
        var reserved = requestMaxOutputTokens is { } max && max > 0 && max < Window ? max : ReservedOutputTokens;
        var threshold = ThresholdFor(reserved);
        return new ContextLimits(
            Window,
            reserved,
            Window - reserved,
            threshold,
            Math.Min(KeepRecentTokens ?? threshold / 4, threshold),
            MaxToolResultTokens ?? Math.Max(256, threshold / 16),
            MaxSummaryTokens ?? Math.Clamp(threshold / 8, 16, 4_000),
            SummarizerInputTokens ?? Window - reserved);
    }

    private long ThresholdFor(long reserved) => Math.Min((long)(Window * AutoCompactAt), Window - reserved);

    private static void CheckOptional(long? value, string name, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new ArgumentOutOfRangeException(name, v, $"{name} must be between {min} and {max} (or null for the default).");
        }
    }
}
