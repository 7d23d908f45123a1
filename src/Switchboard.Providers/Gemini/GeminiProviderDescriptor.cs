using Microsoft.Extensions.AI;
using Switchboard.Tokens;

namespace Switchboard.Providers.Gemini;

/// <summary>The <c>gemini</c> protocol: the Gemini API (<c>generateContent</c>, https://ai.google.dev/api/generate-content).</summary>
public sealed class GeminiProviderDescriptor : ProviderDescriptor
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "gemini";

    public static GeminiProviderDescriptor Instance { get; } = new();

    private static readonly Uri Endpoint = new("https://generativelanguage.googleapis.com");

    /// <inheritdoc />
    public override string Protocol => ProtocolName;

    /// <inheritdoc />
    public override TokenizerFamily TokenizerFamily => TokenizerFamily.Gemini;

    /// <inheritdoc />
    public override string? ApiKeyVariable => "GEMINI_API_KEY";

    /// <inheritdoc />
    public override string? BaseUrlVariable => "GEMINI_BASE_URL";

    /// <inheritdoc />
    public override Uri? DefaultBaseUrl => Endpoint;

    /// <inheritdoc />
    public override string? DefaultModel => "gemini/gemini-2.5-flash";

    /// <inheritdoc />
    public override int DefaultModelPriority => 30;

    /// <inheritdoc />
    public override ProviderImageSupport? Images => GeminiImageSupport.Instance;

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">The endpoint is Google's and no key is configured.</exception>
    public override IChatClient CreateChatClient(ProviderClientContext context)
    {
        EnsureKey(context);
        return new GeminiChatClient(context);
    }

    /// <summary><c>embedContent</c> and <c>batchEmbedContents</c>.</summary>
    /// <exception cref="MissingApiKeyException">The endpoint is Google's and no key is configured.</exception>
    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(ProviderClientContext context)
    {
        EnsureKey(context);
        return new GeminiEmbeddingGenerator(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }

    /// <summary>Google always wants a key; a self-hosted Gemini-protocol gateway at another address may not.</summary>
    private void EnsureKey(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(context.Settings.ApiKey)
            && (context.Settings.BaseUrl is null || ParseBaseUrl(context.Settings.BaseUrl, out _) is { } uri && uri.Host.EndsWith("googleapis.com", StringComparison.OrdinalIgnoreCase)))
        {
            throw new MissingApiKeyException(context.ProviderName, ApiKeyVariable!);
        }
    }
}
