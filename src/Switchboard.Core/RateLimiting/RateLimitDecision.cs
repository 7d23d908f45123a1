namespace Switchboard.Core.RateLimiting;

/// <summary>Whether a request was let into the window, and if not, how long until it might be.</summary>
public readonly record struct RateLimitDecision(bool Acquired, TimeSpan RetryAfter)
{
    public static RateLimitDecision Granted => new(true, TimeSpan.Zero);
}
