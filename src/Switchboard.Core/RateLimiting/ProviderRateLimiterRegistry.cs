using System.Collections.Concurrent;
using Switchboard.Configuration;

namespace Switchboard.Core.RateLimiting;

/// <summary>One limiter per provider name, shared by every client of that provider in the process.</summary>
public sealed class ProviderRateLimiterRegistry
{
    private readonly ConcurrentDictionary<string, ProviderRateLimiter?> _limiters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limiter for <paramref name="provider"/>, or null when its settings set no limit.</summary>
    public ProviderRateLimiter? Get(string provider, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _limiters.GetOrAdd(provider, name => settings.RequestsPerMinute is null && settings.TokensPerMinute is null
            ? null
            : new ProviderRateLimiter(name, settings.RequestsPerMinute, settings.TokensPerMinute));
    }
}
