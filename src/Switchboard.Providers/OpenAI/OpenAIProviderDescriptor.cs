using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Tokens;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// The <c>openai</c> protocol: OpenAI's Chat Completions API and every server that speaks it (vLLM, llama.cpp,
/// LM Studio, Groq, OpenRouter, ...), configured as <c>openai</c> or as a named provider with <c>"protocol": "openai"</c>.
/// </summary>
public sealed class OpenAIProviderDescriptor : ProviderDescriptor
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "openai";

    public static OpenAIProviderDescriptor Instance { get; } = new();

    // https://platform.openai.com/docs/api-reference (base URL); tiktoken's o200k averages about 4 characters per token
    // of English, which is OpenAI's own rule of thumb.
    private static readonly Uri Endpoint = new("https://api.openai.com/v1");

    /// <inheritdoc />
    public override string Protocol => ProtocolName;

    /// <inheritdoc />
    public override string? ApiKeyVariable => "OPENAI_API_KEY";

    /// <inheritdoc />
    public override string? BaseUrlVariable => "OPENAI_BASE_URL";

    /// <inheritdoc />
    public override Uri? DefaultBaseUrl => Endpoint;

    /// <inheritdoc />
    public override string? DefaultModel => "openai/gpt-4.1-mini";

    /// <inheritdoc />
    public override int DefaultModelPriority => 10;

    /// <inheritdoc />
    public override ProviderImageSupport? Images => OpenAIImageSupport.Instance;

    /// <inheritdoc />
    public override ITokenCounter CreateTokenEstimator(string model, ProviderSettings settings) => CharacterTokenCounter.Default;

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">The endpoint is OpenAI's own and no key is configured.</exception>
    public override IChatClient CreateChatClient(ProviderClientContext context)
    {
        EnsureKey(context);
        return new OpenAIChatClient(context);
    }

    /// <summary><c>POST {base}/embeddings</c>, at OpenAI or any compatible server.</summary>
    /// <exception cref="MissingApiKeyException">The endpoint is OpenAI's own and no key is configured.</exception>
    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(ProviderClientContext context)
    {
        EnsureKey(context);
        return new OpenAIEmbeddingGenerator(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }

    /// <summary>The legacy Completions endpoint with <c>suffix</c>, as llama.cpp's server and vLLM serve it.</summary>
    public override IChatClient? CreateCompletionClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OpenAICompletionsClient(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }

    /// <summary>llama.cpp's server and vLLM take the raw prompt at <c>/completions</c>: the caller applies the FIM template.</summary>
    public override bool CompletionEndpointAppliesTemplate => false;

    /// <summary>vLLM, llama.cpp and other local servers often take no key, so one is required only for OpenAI's own API.</summary>
    private void EnsureKey(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(context.Settings.ApiKey)
            && (context.Settings.BaseUrl is null || ParseBaseUrl(context.Settings.BaseUrl, out _) is { } uri && IsOpenAIPlatform(uri)))
        {
            throw new MissingApiKeyException(context.ProviderName, ApiKeyVariable!);
        }
    }

    /// <summary>Whether an endpoint is OpenAI's own API (some request fields are only sent there).</summary>
    internal static bool IsOpenAIPlatform(Uri endpoint) =>
        string.Equals(endpoint.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase);
}
