namespace Switchboard.Providers;

/// <summary>A model id names a provider with no known wire protocol.</summary>
public sealed class UnknownProviderException(string provider, string protocol, IEnumerable<string> known)
    : Exception(provider == protocol
        ? $"Unknown provider '{provider}'. Known: {string.Join(", ", known.Order())}; or configure '{provider}' with a \"protocol\" in the config file."
        : $"Provider '{provider}' is configured with unknown protocol '{protocol}'. Known: {string.Join(", ", known.Order())}.")
{
    /// <summary>The provider part of the model id.</summary>
    public string Provider { get; } = provider;
}
