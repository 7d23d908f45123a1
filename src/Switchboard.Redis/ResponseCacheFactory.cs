using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Redis;

/// <summary>Builds the <see cref="HybridCache"/> responses are cached in: memory only, or memory in front of Redis.</summary>
public static class ResponseCacheFactory
{
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>), or null for memory only.</param>
    public static HybridCache Create(string? redisConfiguration = null)
    {
        var services = new ServiceCollection();
        if (!string.IsNullOrEmpty(redisConfiguration))
        {
            // HybridCache picks up the registered IDistributedCache as its second level.
            services.AddStackExchangeRedisCache(options =>
            {
                options.Configuration = redisConfiguration;
                options.InstanceName = "switchboard:";
            });
        }

        services.AddHybridCache(options =>
        {
            // Chat answers can be long; the default 1 MB cap would silently skip caching them.
            options.MaximumPayloadBytes = 16 * 1024 * 1024;
        });
        return services.BuildServiceProvider().GetRequiredService<HybridCache>();
    }
}
