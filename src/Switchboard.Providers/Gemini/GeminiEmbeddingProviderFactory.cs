using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.Gemini;

/// <summary>Creates <see cref="GeminiEmbeddingGenerator"/>s for the <c>gemini</c> protocol.</summary>
/// <param name="httpClient">The client every generator sends with; the shared pooled one when null.</param>
public sealed class GeminiEmbeddingProviderFactory(HttpClient? httpClient = null) : IEmbeddingProviderFactory
{
    /// <inheritdoc />
    public string Protocol => "gemini";

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">No key is configured for Google's endpoint.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);

        // Google always wants a key; a self-hosted Gemini-protocol gateway at another address may not.
        var isGoogle = string.IsNullOrWhiteSpace(settings.BaseUrl)
            || (Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var uri) && uri.Host.EndsWith("googleapis.com", StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrEmpty(settings.ApiKey) && isGoogle)
        {
            throw new MissingApiKeyException(providerName, "GEMINI_API_KEY");
        }

        return new GeminiEmbeddingGenerator(model, settings, httpClient, providerName);
    }
}
