using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.OpenAI;

/// <summary>Creates <see cref="OpenAIEmbeddingGenerator"/>s for the <c>openai</c> protocol: OpenAI itself and every compatible server.</summary>
/// <param name="httpClient">The client every generator sends with; the shared pooled one when null (tests pass their own).</param>
public sealed class OpenAIEmbeddingProviderFactory(HttpClient? httpClient = null) : IEmbeddingProviderFactory
{
    /// <inheritdoc />
    public string Protocol => "openai";

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">The provider is OpenAI itself (no base URL, or api.openai.com) and has no key.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);

        // Local compatible servers often take no key; OpenAI's own API always does.
        var isOpenAIPlatform = string.IsNullOrWhiteSpace(settings.BaseUrl)
            || (Uri.TryCreate(settings.BaseUrl.Trim(), UriKind.Absolute, out var uri) && string.Equals(uri.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrWhiteSpace(settings.ApiKey) && isOpenAIPlatform)
        {
            throw new MissingApiKeyException(providerName, OpenAIProviderFactory.ApiKeyVariable);
        }

        return new OpenAIEmbeddingGenerator(model, settings, httpClient, providerName);
    }
}
