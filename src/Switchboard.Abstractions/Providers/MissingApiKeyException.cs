namespace Switchboard.Providers;

/// <summary>A provider that needs a key has none configured; the message says where to put one.</summary>
public sealed class MissingApiKeyException(string provider, string environmentVariable)
    : Exception($"No API key for '{provider}'. Set {environmentVariable}, or \"providers\": {{ \"{provider}\": {{ \"api_key\": \"...\" }} }} in the config file.")
{
    /// <summary>The provider that has no key.</summary>
    public string Provider { get; } = provider;
}
