using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers;

namespace Switchboard.Local;

/// <summary>Creates clients for <c>local/&lt;name&gt;</c>: GGUF models run in this process.</summary>
public sealed class LocalProviderFactory : IProviderFactory
{
    /// <summary>The protocol and provider name.</summary>
    public const string ProtocolName = "local";

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public IChatClient Create(string providerName, string model, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LocalChatClient(model, LocalModelLocator.Locate(model, settings));
    }
}
