namespace Switchboard.Core.RateLimiting;

/// <summary>
/// Where rate-limit windows live, so every process sharing the store shares the limit. Checking a window and recording
/// a request in it is one atomic step.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>Records a request of <paramref name="tokens"/> in <paramref name="bucket"/> if the window has room; else says how long to wait.</summary>
    Task<RateLimitDecision> TryAcquireAsync(string bucket, RateLimitRule rule, int tokens, DateTimeOffset now, CancellationToken cancellationToken = default);
}
