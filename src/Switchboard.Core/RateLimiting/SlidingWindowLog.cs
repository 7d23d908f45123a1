namespace Switchboard.Core.RateLimiting;

/// <summary>
/// The decision of an exact sliding-window log: a request fits if, counting every request of the last window, the
/// request limit and the token limit both have room. When it does not fit, the wait is until enough of the oldest
/// entries leave the window. Kept apart from the stores so SQLite, Redis and memory decide alike.
/// </summary>
internal static class SlidingWindowLog
{
    /// <param name="entries">The window's entries (time, tokens), oldest first, already without expired ones.</param>
    /// <param name="rule">The limits.</param>
    /// <param name="tokens">The tokens of the request asking in.</param>
    /// <param name="nowMs">Now, in Unix milliseconds.</param>
    public static RateLimitDecision Decide(IReadOnlyList<(long AtMs, int Tokens)> entries, RateLimitRule rule, int tokens, long nowMs)
    {
        var windowMs = (long)rule.Window.TotalMilliseconds;
        long waitMs = 0;
        if (rule.RequestsPerWindow is { } maxRequests && entries.Count + 1 > maxRequests)
        {
            // The (count - max + 1)-th oldest entry must leave before one more request fits.
            var mustLeave = entries.Count - maxRequests;
            waitMs = Math.Max(waitMs, entries[mustLeave].AtMs + windowMs - nowMs);
        }

        if (rule.TokensPerWindow is { } maxTokens)
        {
            // A request larger than the whole allowance still goes, alone, once the window is empty.
            var needed = Math.Min(tokens, maxTokens);
            long used = entries.Sum(e => (long)e.Tokens);
            for (var i = 0; i < entries.Count && used + needed > maxTokens; i++)
            {
                used -= entries[i].Tokens;
                waitMs = Math.Max(waitMs, entries[i].AtMs + windowMs - nowMs);
            }
        }

        return waitMs <= 0 ? RateLimitDecision.Granted : new RateLimitDecision(false, TimeSpan.FromMilliseconds(waitMs));
    }
}
