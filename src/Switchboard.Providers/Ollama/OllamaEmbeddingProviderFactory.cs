using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.Ollama;

/// <summary>Creates <see cref="OllamaEmbeddingGenerator"/>s for the <c>ollama</c> protocol (no key needed for a local server).</summary>
/// <param name="httpClient">The client every generator sends with; the shared pooled one when null.</param>
public sealed class OllamaEmbeddingProviderFactory(HttpClient? httpClient = null) : IEmbeddingProviderFactory
{
    /// <inheritdoc />
    public string Protocol => "ollama";

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>> Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        return new OllamaEmbeddingGenerator(model, settings, httpClient, providerName);
    }
}
