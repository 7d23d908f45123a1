namespace Switchboard.Core.Usage;

/// <summary>One provider call in the usage ledger: every attempt, retry, fallback and tool-loop step gets its own row.</summary>
public sealed record UsageRecord
{
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary><c>provider/model</c> as requested.</summary>
    public required string Model { get; init; }

    public required string Provider { get; init; }

    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public long? CachedInputTokens { get; init; }

    public long? ReasoningTokens { get; init; }

    public long? CacheWriteTokens { get; init; }

    /// <summary>Null when the model is unpriced.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>True when the provider reported no usage (a stream cut short) and tokens were estimated from text length.</summary>
    public bool UsageEstimated { get; init; }

    public double LatencyMs { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    /// <summary><c>ok</c>, <c>cancelled</c>, or the error kind (<c>rate_limited</c>, <c>stream_interrupted</c>, ...).</summary>
    public required string Outcome { get; init; }

    public bool Streaming { get; init; }
}
