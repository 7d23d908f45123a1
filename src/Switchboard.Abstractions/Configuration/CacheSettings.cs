using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

/// <summary>Response cache settings from the user's config (<c>"cache": {...}</c>).</summary>
public sealed class CacheSettings
{
    /// <summary>Off by default: a chat at a non-zero temperature is expected to vary.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>A StackExchange.Redis configuration (<c>127.0.0.1:6379</c>) to share the cache; memory only when absent.</summary>
    [JsonPropertyName("redis")]
    public string? Redis { get; set; }

    [JsonPropertyName("ttl_hours")]
    public double TtlHours { get; set; } = 24;
}
