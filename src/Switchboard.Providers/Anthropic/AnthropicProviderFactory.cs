using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.Anthropic;

/// <summary>Creates <see cref="AnthropicChatClient"/>s for providers speaking the <c>anthropic</c> protocol.</summary>
/// <param name="httpClient">The client every created chat client sends with; the shared pooled client when null (tests pass their own).</param>
public sealed class AnthropicProviderFactory(HttpClient? httpClient = null) : IProviderFactory
{
    /// <summary>Where the key is looked for, named in the error when it is missing.</summary>
    public const string ApiKeyVariable = "ANTHROPIC_API_KEY";

    /// <inheritdoc />
    public string Protocol => "anthropic";

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">The settings hold no API key; the Messages API always needs one.</exception>
    public IChatClient Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new MissingApiKeyException(providerName, ApiKeyVariable);
        }

        return new AnthropicChatClient(model, settings, httpClient, providerName);
    }
}
