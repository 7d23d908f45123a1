using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers;

/// <summary>
/// Creates embedding generators for one wire protocol, the embedding twin of <see cref="IProviderFactory"/>: the host
/// turns <c>provider/model</c> (<c>openai/text-embedding-3-small</c>, <c>local/all-MiniLM-L6-v2</c>) into a generator.
/// </summary>
public interface IEmbeddingProviderFactory
{
    /// <summary>The protocol name this factory serves (<c>openai</c>, <c>gemini</c>, <c>ollama</c>, <c>local</c>).</summary>
    string Protocol { get; }

    /// <summary>Creates a generator for <paramref name="model"/> of a provider configured by <paramref name="settings"/>.</summary>
    /// <param name="providerName">The provider as the user named it.</param>
    /// <param name="model">The provider's own embedding model name.</param>
    /// <param name="settings">Key, base URL and timeout; already merged from file, environment and flags.</param>
    IEmbeddingGenerator<string, Embedding<float>> Create(string providerName, string model, ProviderSettings settings);
}
