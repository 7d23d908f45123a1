using Microsoft.Extensions.AI;

namespace Switchboard.Providers;

/// <summary>The <see cref="IChatClient.GetService"/> every provider client answers the same way.</summary>
public static class ProviderClientServices
{
    /// <summary>Its metadata for <see cref="ChatClientMetadata"/>, the client itself for a type it is, else null (keyed requests included).</summary>
    public static object? Get(IChatClient client, ChatClientMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(client) ? client
            : null;
    }
}
