using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Tokens;

namespace Switchboard.Providers.Anthropic;

/// <summary>The <c>anthropic</c> protocol: the Anthropic Messages API (https://docs.claude.com/en/api/messages).</summary>
public sealed class AnthropicProviderDescriptor : ProviderDescriptor
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "anthropic";

    public static AnthropicProviderDescriptor Instance { get; } = new();

    // Claude's tokenizer splits English into more pieces than OpenAI's (about 3.5 characters per token), so the
    // estimate leans high rather than letting a budget or a window be overrun.
    private static readonly CharacterTokenCounter Estimator = new(3.5);

    private static readonly Uri Endpoint = new("https://api.anthropic.com");

    /// <inheritdoc />
    public override string Protocol => ProtocolName;

    /// <inheritdoc />
    public override TokenizerFamily TokenizerFamily => TokenizerFamily.Anthropic;

    /// <inheritdoc />
    public override string? ApiKeyVariable => "ANTHROPIC_API_KEY";

    /// <inheritdoc />
    public override string? BaseUrlVariable => "ANTHROPIC_BASE_URL";

    /// <inheritdoc />
    public override Uri? DefaultBaseUrl => Endpoint;

    /// <inheritdoc />
    public override string? DefaultModel => "anthropic/claude-sonnet-4-5";

    /// <inheritdoc />
    public override int DefaultModelPriority => 20;

    /// <inheritdoc />
    public override ProviderImageSupport? Images => AnthropicImageSupport.Instance;

    /// <inheritdoc />
    public override ITokenCounter CreateTokenEstimator(string model, ProviderSettings settings) => Estimator;

    /// <inheritdoc />
    /// <exception cref="MissingApiKeyException">No key is configured; the Messages API always needs one.</exception>
    public override IChatClient CreateChatClient(ProviderClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(context.Settings.ApiKey))
        {
            throw new MissingApiKeyException(context.ProviderName, ApiKeyVariable!);
        }

        return new AnthropicChatClient(context);
    }
}
