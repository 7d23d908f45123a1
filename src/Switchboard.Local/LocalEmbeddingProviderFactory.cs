using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers;

namespace Switchboard.Local;

/// <summary>Creates generators for <c>local/&lt;name&gt;</c> embeddings: models run in this process, offline.</summary>
public sealed class LocalEmbeddingProviderFactory : IEmbeddingProviderFactory
{
    /// <inheritdoc />
    public string Protocol => LocalProviderFactory.ProtocolName;

    /// <inheritdoc />
    /// <exception cref="Errors.ProviderException">The model is not built in.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LocalEmbeddingGenerator(model);
    }
}
