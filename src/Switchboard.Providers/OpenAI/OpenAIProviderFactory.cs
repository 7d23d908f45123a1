using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers.OpenAI;

/// <summary>Creates <see cref="OpenAIChatClient"/>s for the <c>openai</c> protocol: OpenAI itself and every compatible server.</summary>
/// <param name="httpClient">The client every created chat client sends with; the shared pooled one when null (tests pass their own).</param>
public sealed class OpenAIProviderFactory(HttpClient? httpClient = null) : IProviderFactory
{
    /// <summary>The variable users set the key in.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <inheritdoc />
    public string Protocol => "openai";

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">The provider is OpenAI itself (no base URL, or api.openai.com) and has no key.</exception>
    public IChatClient Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);

        // vLLM, llama.cpp and other local servers often take no key, so one is required only for OpenAI's own API.
        if (string.IsNullOrWhiteSpace(settings.ApiKey) && IsOpenAIPlatform(settings.BaseUrl))
        {
            throw new MissingApiKeyException(providerName, ApiKeyVariable);
        }

        return new OpenAIChatClient(model, settings, httpClient, providerName);
    }

    private static bool IsOpenAIPlatform(string? baseUrl) =>
        string.IsNullOrWhiteSpace(baseUrl)
        || (Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) && string.Equals(uri.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase));
}
