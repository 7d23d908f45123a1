namespace Switchboard.Core.Routing;

/// <summary>How the router retries, cools down and falls back.</summary>
public sealed record RouterOptions
{
    /// <summary>Retries per target after the first attempt, for retryable errors before the first streamed token.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap on one backoff delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A provider asking us to wait longer than this (Retry-After) makes the router fall back instead of waiting.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failed attempts within <see cref="CooldownSamplingWindow"/>, with no success, that put a target in cooldown.</summary>
    public int CooldownAfterFailures { get; init; } = 3;

    public TimeSpan CooldownSamplingWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a failing target is skipped.</summary>
    public TimeSpan CooldownDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When a stream fails before its first token, retry the same target without streaming.</summary>
    public bool FallbackToNonStreaming { get; init; } = true;
}
