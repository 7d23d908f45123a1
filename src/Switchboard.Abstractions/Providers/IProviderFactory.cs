using Microsoft.Extensions.AI;
using Switchboard.Configuration;

namespace Switchboard.Providers;

/// <summary>Creates chat clients for one wire protocol (<c>openai</c>, <c>anthropic</c>, <c>local</c>, ...).</summary>
public interface IProviderFactory
{
    /// <summary>The protocol name this factory serves.</summary>
    string Protocol { get; }

    /// <summary>Creates a client for <paramref name="model"/> (the part after the slash) of a provider configured by <paramref name="settings"/>.</summary>
    /// <param name="providerName">The provider as the user named it (<c>openai</c>, or a custom <c>groq</c> speaking <c>openai</c>).</param>
    /// <param name="model">The provider's own model name.</param>
    /// <param name="settings">Key, base URL and timeout; already merged from file, environment and flags.</param>
    IChatClient Create(string providerName, string model, ProviderSettings settings);
}
