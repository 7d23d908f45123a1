using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.Gemini;

/// <summary>Creates <see cref="GeminiChatClient"/>s for the <c>gemini</c> protocol.</summary>
public sealed class GeminiProviderFactory : IProviderFactory
{
    private readonly HttpClient? _httpClient;

    /// <summary>A factory whose clients share the pooled HTTP client.</summary>
    public GeminiProviderFactory()
    {
    }

    /// <summary>A factory whose clients send with <paramref name="httpClient"/> (tests, custom handlers).</summary>
    public GeminiProviderFactory(HttpClient? httpClient) => _httpClient = httpClient;

    /// <inheritdoc />
    public string Protocol => "gemini";

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">No key is configured for Google's endpoint.</exception>
    public IChatClient Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);

        // Google always wants a key; a self-hosted Gemini-protocol gateway at another address may not.
        if (string.IsNullOrEmpty(settings.ApiKey) && IsGoogleEndpoint(settings.BaseUrl))
        {
            throw new MissingApiKeyException(providerName, "GEMINI_API_KEY");
        }

        return new GeminiChatClient(model, settings, _httpClient, providerName);
    }

    private static bool IsGoogleEndpoint(string? baseUrl) =>
        string.IsNullOrWhiteSpace(baseUrl)
        || (Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Host.EndsWith("googleapis.com", StringComparison.OrdinalIgnoreCase));
}
