using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

/// <summary>How to reach one provider: which wire protocol it speaks, where, and with which key.</summary>
public sealed class ProviderSettings
{
    /// <summary>
    /// The wire protocol (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>, <c>ollama</c>, <c>local</c>).
    /// Defaults to the provider's name, so a custom provider such as <c>groq</c> sets <c>"protocol": "openai"</c>.
    /// </summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    /// <summary>The API key. Never logged or shown in errors.</summary>
    [JsonPropertyName("api_key")]
    public string? ApiKey { get; set; }

    /// <summary>The API root (<c>https://api.openai.com/v1</c>, <c>http://localhost:11434</c>).</summary>
    [JsonPropertyName("base_url")]
    public string? BaseUrl { get; set; }

    /// <summary>Where to find GGUF files, for the <c>local</c> protocol.</summary>
    [JsonPropertyName("models_dir")]
    public string? ModelsDirectory { get; set; }

    /// <summary>The largest <see cref="TimeoutSeconds"/> accepted: one day.</summary>
    public const double MaxTimeoutSeconds = 86_400;

    /// <summary>The timeout used when none is configured: ten minutes, enough for a long answer from a slow model.</summary>
    public const double DefaultTimeoutSeconds = 600;

    /// <summary>
    /// How long to wait, in seconds, for anything from the provider: a whole non-streaming answer, a stream's first
    /// byte, and each gap between a stream's events. The same meaning for every protocol; above 0.
    /// </summary>
    [JsonPropertyName("timeout_seconds")]
    public double? TimeoutSeconds { get; set; }

    /// <summary>Requests per minute this account may send; requests beyond it wait in a local queue.</summary>
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Tokens per minute (prompt estimate plus output allowance) this account may use.</summary>
    [JsonPropertyName("tokens_per_minute")]
    public int? TokensPerMinute { get; set; }

    /// <summary>Returns a copy where every non-null value of <paramref name="overrides"/> replaces this one's.</summary>
    public ProviderSettings MergedWith(ProviderSettings? overrides) => overrides is null ? Clone() : new ProviderSettings
    {
        Protocol = overrides.Protocol ?? Protocol,
        ApiKey = overrides.ApiKey ?? ApiKey,
        BaseUrl = overrides.BaseUrl ?? BaseUrl,
        ModelsDirectory = overrides.ModelsDirectory ?? ModelsDirectory,
        TimeoutSeconds = overrides.TimeoutSeconds ?? TimeoutSeconds,
        RequestsPerMinute = overrides.RequestsPerMinute ?? RequestsPerMinute,
        TokensPerMinute = overrides.TokensPerMinute ?? TokensPerMinute,
    };

    /// <summary>The configured timeout, or the default.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds ?? DefaultTimeoutSeconds);

    /// <summary>A shallow copy.</summary>
    public ProviderSettings Clone() => (ProviderSettings)MemberwiseClone();
}
