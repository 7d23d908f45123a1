using Switchboard.Configuration;

namespace Switchboard.Providers;

/// <summary>What a <see cref="ProviderDescriptor"/> needs to create a client for one model.</summary>
public sealed class ProviderClientContext
{
    /// <summary>The provider as the user named it (<c>openai</c>, or a custom <c>groq</c> speaking the openai protocol).</summary>
    public required string ProviderName { get; init; }

    /// <summary>The provider's own model name (the part after the slash).</summary>
    public required string Model { get; init; }

    /// <summary>Key, endpoint, timeout and limits, merged from the config file, the environment and flags, and validated.</summary>
    public required ProviderSettings Settings
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Settings));
    }

    /// <summary>The client to send with; null for the shared pooled one.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The clock for timestamps and timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
