using Microsoft.Extensions.AI;

namespace Switchboard.Providers;

/// <summary>The <see cref="IEmbeddingGenerator.GetService"/> every embedding generator answers the same way.</summary>
public static class EmbeddingGeneratorServices
{
    /// <summary>Its metadata for <see cref="EmbeddingGeneratorMetadata"/>, the generator itself for a type it is, else null (keyed requests included).</summary>
    public static object? Get(IEmbeddingGenerator generator, EmbeddingGeneratorMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
            : serviceType.IsInstanceOfType(generator) ? generator
            : null;
    }
}
