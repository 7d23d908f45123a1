using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Tokens;

namespace Switchboard.Providers;

/// <summary>
/// Everything Switchboard knows about one wire protocol, declared once in that protocol's own folder: its name, where
/// its key and endpoint come from, its default endpoint and model, image limits, how it counts tokens, whether it
/// costs money, how its settings are checked, and how its clients are made. Nothing outside a provider folder
/// branches on a provider's name; it asks the descriptor.
/// </summary>
public abstract class ProviderDescriptor
{
    /// <summary>The wire protocol name (<c>openai</c>, <c>anthropic</c>, ...), which is also the default provider name.</summary>
    public abstract string Protocol { get; }

    /// <summary>The environment variable that holds the key (<c>OPENAI_API_KEY</c>), or null when the protocol takes none.</summary>
    public virtual string? ApiKeyVariable => null;

    /// <summary>The environment variable that holds the endpoint (<c>OPENAI_BASE_URL</c>, <c>OLLAMA_HOST</c>), or null.</summary>
    public virtual string? BaseUrlVariable => null;

    /// <summary>The endpoint used when the settings name none; null for in-process models.</summary>
    public virtual Uri? DefaultBaseUrl => null;

    /// <summary>
    /// The model (<c>provider/model</c>) chosen when the user named none and this provider is ready
    /// (<see cref="IsReady"/>); null when this provider is never chosen on its own.
    /// </summary>
    public virtual string? DefaultModel => null;

    /// <summary>Among ready providers with a <see cref="DefaultModel"/>, the lowest value is chosen first.</summary>
    public virtual int DefaultModelPriority => int.MaxValue;

    /// <summary>Whether calls cost nothing per token (models on the user's own machine).</summary>
    public virtual bool IsFree => false;

    /// <summary>What the protocol accepts for images, or null when it takes none.</summary>
    public virtual ProviderImageSupport? Images => null;

    /// <summary>Whether the provider can serve a model without any further setup (a key is configured, or none is needed).</summary>
    public virtual bool IsReady(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ApiKeyVariable is null || !string.IsNullOrWhiteSpace(settings.ApiKey);
    }

    /// <summary>
    /// A token counter for <paramref name="model"/> close to the provider's own, for estimates made before the
    /// provider reports usage (budgets, rate limits, streams cut short). Exact counters replace it where one exists;
    /// a protocol whose own counter is exact (in-process models) returns it here.
    /// </summary>
    /// <param name="model">The provider's model name.</param>
    /// <param name="settings">The provider's settings (where an in-process model's files are).</param>
    public virtual ITokenCounter CreateTokenEstimator(string model, ProviderSettings settings) => CharacterTokenCounter.Default;

    /// <summary>
    /// Which tokenizer the protocol's models use, when the model name does not say (OpenAI model names do): it
    /// picks the closest exact tokenizer to estimate from before calibration.
    /// </summary>
    public virtual TokenizerFamily TokenizerFamily => TokenizerFamily.Unknown;

    /// <summary>Parses a configured endpoint; the default takes an absolute http(s) URL.</summary>
    /// <returns>The endpoint, or null with <paramref name="error"/> saying what is wrong.</returns>
    public virtual Uri? ParseBaseUrl(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        // A trailing slash names the same API root (https://host/v1/ is https://host/v1).
        if (Uri.TryCreate(value.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            error = null;
            return uri;
        }

        error = $"'{value}' is not an absolute http(s) URL (for example {DefaultBaseUrl?.ToString() ?? "http://localhost:8080"})";
        return null;
    }

    /// <summary>
    /// Checks one provider's settings, naming each bad setting by its config path (<c>providers.openai.timeout_seconds</c>).
    /// The checks every protocol shares come first; a protocol adds its own by overriding <see cref="ValidateProtocolSettings"/>.
    /// </summary>
    public IReadOnlyList<ConfigurationError> Validate(string providerName, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerName);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigurationError>();
        var prefix = $"providers.{providerName}.";
        if (settings.TimeoutSeconds is { } timeout && !(double.IsFinite(timeout) && timeout > 0 && timeout <= ProviderSettings.MaxTimeoutSeconds))
        {
            errors.Add(new(prefix + "timeout_seconds", $"must be a number of seconds above 0 and at most {ProviderSettings.MaxTimeoutSeconds} (got {timeout})"));
        }

        if (settings.RequestsPerMinute is { } rpm && rpm <= 0)
        {
            errors.Add(new(prefix + "requests_per_minute", $"must be at least 1 (got {rpm})"));
        }

        if (settings.TokensPerMinute is { } tpm && tpm <= 0)
        {
            errors.Add(new(prefix + "tokens_per_minute", $"must be at least 1 (got {tpm})"));
        }

        if (settings.BaseUrl is { } baseUrl)
        {
            if (DefaultBaseUrl is null)
            {
                errors.Add(new(prefix + "base_url", $"the {Protocol} protocol runs in this process and has no endpoint"));
            }
            else if (ParseBaseUrl(baseUrl, out var error) is null)
            {
                errors.Add(new(prefix + "base_url", error!));
            }
        }

        if (settings.ApiKey is { } key && (key.Length == 0 || key.Trim().Length != key.Length || key.Any(char.IsControl)))
        {
            errors.Add(new(prefix + "api_key", "must not be empty or have spaces or control characters around or inside it"));
        }

        ValidateProtocolSettings(prefix, settings, errors);
        return errors;
    }

    /// <summary>Adds errors for settings only this protocol has; <paramref name="prefix"/> ends with a dot.</summary>
    protected virtual void ValidateProtocolSettings(string prefix, ProviderSettings settings, List<ConfigurationError> errors)
    {
    }

    /// <summary>Creates a chat client for one model. The settings were validated by <see cref="Validate"/>.</summary>
    /// <exception cref="MissingApiKeyException">The protocol needs a key for this endpoint and none is configured.</exception>
    public abstract IChatClient CreateChatClient(ProviderClientContext context);

    /// <summary>
    /// Creates a fill-in-the-middle client for one model (the request convention is <see cref="Completion.FillInTheMiddle"/>),
    /// or null when the protocol has no completion endpoint; chat models then fill holes through a prompt.
    /// </summary>
    public virtual IChatClient? CreateCompletionClient(ProviderClientContext context) => null;

    /// <summary>
    /// Whether the completion endpoint wraps prefix and suffix in the model's FIM template itself (Ollama, Codestral,
    /// in-process models), or takes a prompt the caller already templated (an OpenAI-compatible <c>/completions</c>).
    /// </summary>
    public virtual bool CompletionEndpointAppliesTemplate => true;

    /// <summary>Creates an embedding generator for one model, or null when the protocol has no embeddings.</summary>
    public virtual IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(ProviderClientContext context) => null;

    /// <inheritdoc />
    public override string ToString() => Protocol;
}
