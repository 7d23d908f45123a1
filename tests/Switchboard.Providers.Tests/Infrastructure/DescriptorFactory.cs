using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.Tests.Infrastructure;

/// <summary>Creates clients the way the host does, through a protocol's descriptor, with the test's HTTP client.</summary>
internal sealed class DescriptorFactory(ProviderDescriptor descriptor, HttpClient? httpClient = null)
{
    public string Protocol => descriptor.Protocol;

    public IChatClient Create(string providerName, string model, ProviderSettings settings) =>
        descriptor.CreateChatClient(Context(providerName, model, settings));

    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddings(string providerName, string model, ProviderSettings settings) =>
        descriptor.CreateEmbeddingGenerator(Context(providerName, model, settings)) ?? throw new InvalidOperationException($"{descriptor} has no embeddings.");

    private ProviderClientContext Context(string providerName, string model, ProviderSettings settings) =>
        new() { ProviderName = providerName, Model = model, Settings = settings, HttpClient = httpClient };
}
