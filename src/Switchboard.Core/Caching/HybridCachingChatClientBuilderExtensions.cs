using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;

namespace Switchboard.Core.Caching;

/// <summary><c>builder.UseHybridCache(cache, "openai/gpt-4.1")</c>.</summary>
public static class HybridCachingChatClientBuilderExtensions
{
    public static ChatClientBuilder UseHybridCache(this ChatClientBuilder builder, HybridCache cache, string partition, TimeSpan? expiration = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new HybridCachingChatClient(inner, cache, partition, expiration));
    }
}
