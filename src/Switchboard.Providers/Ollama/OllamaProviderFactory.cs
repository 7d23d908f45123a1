using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Creates <see cref="OllamaChatClient"/>s for the <c>ollama</c> protocol. No key is required (a local server has
/// no authentication); one configured for ollama.com or a proxy is sent as a bearer token.
/// </summary>
public sealed class OllamaProviderFactory : IProviderFactory
{
    private readonly HttpClient? _httpClient;

    /// <param name="httpClient">The client every created chat client sends with; the shared pooled one when null.</param>
    public OllamaProviderFactory(HttpClient? httpClient = null) => _httpClient = httpClient;

    /// <inheritdoc />
    public string Protocol => "ollama";

    /// <inheritdoc />
    public IChatClient Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        return new OllamaChatClient(model, settings, _httpClient, providerName);
    }
}
