using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Models;

namespace Switchboard.Providers;

/// <summary>
/// Turns a <c>provider/model</c> name into a provider client: the provider's settings (a custom name such as
/// <c>groq</c> may speak the <c>openai</c> protocol) pick the descriptor, which creates the client.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, ProviderDescriptor> _descriptors;

    /// <exception cref="SwitchboardConfigurationException">A configured provider's settings cannot work (each bad setting named).</exception>
    public ProviderRegistry(SwitchboardSettings settings, IEnumerable<ProviderDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(descriptors);
        Settings = settings;
        _descriptors = new Dictionary<string, ProviderDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var descriptor in descriptors)
        {
            // Later registrations win, so a host can replace a shipped protocol.
            _descriptors[descriptor.Protocol] = descriptor;
        }
    }

    /// <summary>The settings clients are created from.</summary>
    public SwitchboardSettings Settings { get; }

    /// <summary>Every registered protocol.</summary>
    public IReadOnlyCollection<ProviderDescriptor> Descriptors => _descriptors.Values;

    /// <summary>The descriptor of a provider name (through its configured protocol), or null when no protocol is known for it.</summary>
    public ProviderDescriptor? Find(string provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        var protocol = Settings.GetProvider(provider).Protocol ?? provider;
        return _descriptors.GetValueOrDefault(protocol);
    }

    /// <summary>The descriptor of a provider name.</summary>
    /// <exception cref="UnknownProviderException">No protocol is known for it.</exception>
    public ProviderDescriptor Get(string provider) =>
        Find(provider) ?? throw new UnknownProviderException(provider, Settings.GetProvider(provider).Protocol ?? provider, _descriptors.Keys);

    /// <summary>
    /// The model to use when the user named none: the configured default, else the default model of the first ready
    /// provider (a key is configured; the in-process offline model needs none). <paramref name="reason"/> says which rule chose it.
    /// </summary>
    /// <exception cref="SwitchboardConfigurationException">No provider is ready and none runs offline.</exception>
    public ModelId ResolveDefaultModel(out string reason)
    {
        if (Settings.DefaultModel is { } configured)
        {
            reason = "the configured default model";
            return ModelId.Parse(configured);
        }

        foreach (var descriptor in _descriptors.Values.Where(d => d.DefaultModel is not null).OrderBy(d => d.DefaultModelPriority))
        {
            if (descriptor.IsReady(Settings.GetProvider(descriptor.Protocol)))
            {
                reason = descriptor.ApiKeyVariable is null
                    ? "no API key is configured, so the built-in offline model is used"
                    : $"an API key for {descriptor.Protocol} is configured";
                return ModelId.Parse(descriptor.DefaultModel!);
            }
        }

        throw new SwitchboardConfigurationException("default_model",
            $"no model is configured and no provider has a key; set one of {string.Join(", ", _descriptors.Values.Select(d => d.ApiKeyVariable).OfType<string>().Order())} or \"default_model\"");
    }

    /// <summary>The settings for a model's provider, with <paramref name="overrides"/> (flags such as <c>--base-url</c>) applied last.</summary>
    public ProviderSettings SettingsFor(ModelId model, ProviderSettings? overrides = null) =>
        Settings.GetProvider(model.Provider).MergedWith(overrides);

    /// <summary>Creates a provider client for <paramref name="model"/>.</summary>
    /// <exception cref="UnknownProviderException">No protocol is known for the model's provider.</exception>
    /// <exception cref="SwitchboardConfigurationException">A setting of the provider cannot work.</exception>
    /// <exception cref="MissingApiKeyException">The provider needs a key and has none.</exception>
    public IChatClient CreateClient(ModelId model, ProviderSettings? overrides = null, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        var descriptor = Get(model.Provider);
        var settings = SettingsFor(model, overrides);
        var errors = descriptor.Validate(model.Provider, settings);
        if (errors.Count > 0)
        {
            throw new SwitchboardConfigurationException(errors);
        }

        return descriptor.CreateChatClient(new ProviderClientContext
        {
            ProviderName = model.Provider,
            Model = model.Model,
            Settings = settings,
            HttpClient = httpClient,
            TimeProvider = timeProvider ?? TimeProvider.System,
        });
    }
}
