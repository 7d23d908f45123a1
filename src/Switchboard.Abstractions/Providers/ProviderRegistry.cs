using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Models;

namespace Switchboard.Providers;

/// <summary>Turns a <c>provider/model</c> name into a chat client, using the user's settings.</summary>
public sealed class ProviderRegistry
{
    /// <summary>The model used when nothing is configured: the tiny in-process model, so chat works offline.</summary>
    public const string OfflineDefaultModel = "local/stories260K";

    /// <summary>What to pick when only a key is configured: a current, inexpensive model of that provider.</summary>
    private static readonly (string Provider, string Model)[] KeyedDefaults =
    [
        ("openai", "openai/gpt-4.1-mini"),
        ("anthropic", "anthropic/claude-sonnet-4-5"),
        ("gemini", "gemini/gemini-2.5-flash"),
    ];

    private readonly Dictionary<string, IProviderFactory> _factories;

    public ProviderRegistry(SwitchboardSettings settings, IEnumerable<IProviderFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(factories);
        Settings = settings;
        _factories = factories.ToDictionary(f => f.Protocol, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The settings clients are created from.</summary>
    public SwitchboardSettings Settings { get; }

    /// <summary>The protocols that can be created.</summary>
    public IReadOnlyCollection<string> Protocols => _factories.Keys;

    /// <summary>
    /// The model to use when the user named none: the configured default, else a model of the first provider
    /// with a key, else the offline model. <paramref name="reason"/> says which rule chose it.
    /// </summary>
    public ModelId ResolveDefaultModel(out string reason)
    {
        if (Settings.DefaultModel is { } configured)
        {
            reason = "the configured default model";
            return ModelId.Parse(configured);
        }

        foreach (var (provider, model) in KeyedDefaults)
        {
            if (Settings.Providers.TryGetValue(provider, out var p) && !string.IsNullOrEmpty(p.ApiKey))
            {
                reason = $"an API key for {provider} is configured";
                return ModelId.Parse(model);
            }
        }

        reason = "no API key is configured, so the built-in offline model is used";
        return ModelId.Parse(OfflineDefaultModel);
    }

    /// <summary>Creates a client for <paramref name="model"/>, with <paramref name="overrides"/> (e.g. <c>--base-url</c>) applied last.</summary>
    /// <exception cref="UnknownProviderException">No protocol is known for the model's provider.</exception>
    public IChatClient CreateClient(ModelId model, ProviderSettings? overrides = null)
    {
        var settings = Settings.GetProvider(model.Provider).MergedWith(overrides);
        var protocol = settings.Protocol ?? model.Provider;
        if (!_factories.TryGetValue(protocol, out var factory))
        {
            throw new UnknownProviderException(model.Provider, protocol, _factories.Keys);
        }

        return factory.Create(model.Provider, model.Model, settings);
    }
}
