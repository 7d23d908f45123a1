using Microsoft.Extensions.AI;
using Switchboard.Core.Configuration;
using Switchboard.Core.Models;
using Switchboard.Core.Providers;

namespace Switchboard.Cli.Chat;

/// <summary>What a chat needs to start: the provider registry, the chosen model and the per-request options.</summary>
internal sealed class ChatSetup
{
    public required ProviderRegistry Registry { get; init; }

    public required ModelId Model { get; set; }

    /// <summary>Why this model was chosen (named on the command line, configured default, offline fallback).</summary>
    public required string ModelReason { get; set; }

    /// <summary>Flag overrides applied on top of the file and environment (<c>--base-url</c>).</summary>
    public ProviderSettings? Overrides { get; init; }

    public required ChatOptions Options { get; init; }

    /// <summary>Creates the client for the current <see cref="Model"/>.</summary>
    public IChatClient CreateClient() => Registry.CreateClient(Model, Overrides);
}
