using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.OpenAI;
using Switchboard.Tokens;

namespace Switchboard.Providers.Mistral;

/// <summary>
/// The <c>mistral</c> protocol: Mistral's API, whose chat endpoint speaks the Chat Completions format
/// (https://docs.mistral.ai/api/#tag/chat) and whose Codestral models fill in the middle at <c>/fim/completions</c>.
/// </summary>
public sealed class MistralProviderDescriptor : ProviderDescriptor
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "mistral";

    public static MistralProviderDescriptor Instance { get; } = new();

    private static readonly Uri Endpoint = new(MistralFimClient.DefaultBaseUrl);

    // Mistral's tokenizers (Tekken) average close to OpenAI's on English text.
    private static readonly CharacterTokenCounter Estimator = new(3.8);

    /// <inheritdoc />
    public override string Protocol => ProtocolName;

    /// <inheritdoc />
    public override string? ApiKeyVariable => MistralFimClient.ApiKeyVariable;

    /// <inheritdoc />
    public override string? BaseUrlVariable => "MISTRAL_BASE_URL";

    /// <inheritdoc />
    public override Uri? DefaultBaseUrl => Endpoint;

    /// <inheritdoc />
    public override ITokenCounter CreateTokenEstimator(string model, ProviderSettings settings) => Estimator;

    /// <summary>Chat through the Chat Completions format at Mistral's endpoint.</summary>
    /// <exception cref="MissingApiKeyException">No key is configured.</exception>
    public override IChatClient CreateChatClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(context.Settings.ApiKey))
        {
            throw new MissingApiKeyException(context.ProviderName, ApiKeyVariable!);
        }

        var settings = context.Settings.Clone();
        settings.BaseUrl ??= MistralFimClient.DefaultBaseUrl;
        return OpenAIProviderDescriptor.Instance.CreateChatClient(new ProviderClientContext
        {
            ProviderName = context.ProviderName,
            Model = context.Model,
            Settings = settings,
            HttpClient = context.HttpClient,
            TimeProvider = context.TimeProvider,
        });
    }

    /// <inheritdoc />
    public override IChatClient? CreateCompletionClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new MistralFimClient(context.Model, context.Settings, context.HttpClient, context.ProviderName);
    }
}
