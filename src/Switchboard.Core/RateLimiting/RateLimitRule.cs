namespace Switchboard.Core.RateLimiting;

/// <summary>How many requests and tokens one provider account may use per window.</summary>
/// <param name="RequestsPerWindow">Requests allowed per window, or null for no request limit.</param>
/// <param name="TokensPerWindow">Tokens (input estimate plus output allowance) per window, or null for no token limit.</param>
/// <param name="Window">One minute for the config's per-minute limits.</param>
public sealed record RateLimitRule(int? RequestsPerWindow, int? TokensPerWindow, TimeSpan Window)
{
    /// <summary>Whether the rule limits anything.</summary>
    public bool HasLimit => RequestsPerWindow is not null || TokensPerWindow is not null;
}
