using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Tokens;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// The <c>ollama</c> protocol: Ollama's native API (https://docs.ollama.com/api). Models run on the user's own
/// machine (free); a local server takes no key, one configured for ollama.com or a proxy is sent as a bearer token.
/// </summary>
public sealed class OllamaProviderDescriptor : ProviderDescriptor
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ollama";

    public static OllamaProviderDescriptor Instance { get; } = new();

    // Open-weight models (Llama, Qwen, Gemma, Mistral) have smaller vocabularies than o200k: about 3.5 characters per
    // token of English.
    private static readonly CharacterTokenCounter Estimator = new(3.5);

    private static readonly Uri Endpoint = new(OllamaEndpoint.DefaultBaseUrl);

    /// <inheritdoc />
    public override string Protocol => ProtocolName;

    /// <inheritdoc />
    public override TokenizerFamily TokenizerFamily => TokenizerFamily.OpenWeights;

    /// <inheritdoc />
    public override string? BaseUrlVariable => "OLLAMA_HOST";

    /// <inheritdoc />
    public override Uri? DefaultBaseUrl => Endpoint;

    /// <inheritdoc />
    public override bool IsFree => true;

    /// <inheritdoc />
    public override ProviderImageSupport? Images => OllamaImageSupport.Instance;

    /// <inheritdoc />
    public override ITokenCounter CreateTokenEstimator(string model, ProviderSettings settings) => Estimator;

    /// <summary>Takes every form <c>OLLAMA_HOST</c> takes (<c>localhost:11434</c>, <c>0.0.0.0</c>, <c>https://host/prefix</c>).</summary>
    public override Uri? ParseBaseUrl(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            error = null;
            return OllamaEndpoint.Parse(value);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            error = $"'{value}' is not an Ollama host ({ex.Message}); for example localhost:11434 or http://gpu-box:11434";
            return null;
        }
    }

    /// <inheritdoc />
    public override IChatClient CreateChatClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OllamaChatClient(context);
    }

    /// <summary><c>POST /api/embed</c>.</summary>
    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OllamaEmbeddingGenerator(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }

    /// <summary><c>/api/generate</c> with <c>suffix</c>: Ollama's native fill-in-the-middle.</summary>
    public override IChatClient? CreateCompletionClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OllamaFimClient(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }
}
