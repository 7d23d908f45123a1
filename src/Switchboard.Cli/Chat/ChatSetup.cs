using Microsoft.Extensions.AI;
using Switchboard.Cli.Tools;
using Switchboard.Core.Routing;
using Switchboard.Hosting;
using Switchboard.Models;
using Switchboard.Providers;

namespace Switchboard.Cli.Chat;

/// <summary>
/// What a chat needs: the host (which composes every client), the chosen model, the per-request options, and the
/// session's tools and images. Clients come from the host, which keeps them; nothing here builds a chain.
/// </summary>
internal sealed class ChatSetup : IAsyncDisposable
{
    /// <summary>The host every client comes from.</summary>
    public required SwitchboardHost Host { get; init; }

    /// <summary>The model or route the user asked for.</summary>
    public required ModelRoute Model { get; set; }

    /// <summary>Why this model was chosen (named on the command line, configured default, offline fallback).</summary>
    public required string ModelReason { get; set; }

    public required ChatOptions Options { get; init; }

    /// <summary>Tools that run (built-in workspace tools, MCP tools), with their approval rules; null without <c>--tools</c>.</summary>
    public ToolSession? ToolSession { get; init; }

    /// <summary>Tools declared with <c>--tool-schema</c>: offered to the model, returned to the caller, never run.</summary>
    public IReadOnlyList<AITool>? DeclaredTools { get; init; }

    /// <summary>Images given with <c>--image</c>, attached to the first message.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Disposed with the setup (the CLI's host); null when the caller owns the host.</summary>
    public IAsyncDisposable? Owner { get; init; }

    /// <summary>The per-request options, with the session's tools.</summary>
    public ChatOptions CreateOptions()
    {
        var options = Options.Clone();
        if (ToolSession is not null)
        {
            options.Tools = [.. ToolSession.Tools];
        }
        else if (DeclaredTools is not null)
        {
            options.Tools = [.. DeclaredTools];
        }

        return options;
    }

    /// <summary>The host's client for the current <see cref="Model"/>; the host keeps it, so it is not disposed here.</summary>
    public IChatClient CreateClient() => Host.GetChatClient(Model.Name);

    /// <summary>The protocol descriptor of a model's provider.</summary>
    public ProviderDescriptor DescriptorOf(ModelId model) => Host.Providers.Get(model.Provider);

    /// <summary>Stops MCP servers and drains the usage ledger, so no call goes unrecorded.</summary>
    public async ValueTask DisposeAsync()
    {
        if (ToolSession is not null)
        {
            await ToolSession.DisposeAsync();
        }

        if (Owner is not null)
        {
            await Owner.DisposeAsync();
        }
    }

    public static string FormatUsd(decimal usd) => usd switch
    {
        0m => "$0",
        < 0.01m => "$" + usd.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0'),
        _ => "$" + usd.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture),
    };
}
