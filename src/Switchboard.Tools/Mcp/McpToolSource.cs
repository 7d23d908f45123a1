using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using Switchboard.Configuration;

namespace Switchboard.Tools;

/// <summary>
/// The tools of one Model Context Protocol server, started as a child process speaking MCP over stdio.
/// Each tool is an <see cref="AIFunction"/> (the SDK's <c>McpClientTool</c>), so it runs under the same
/// function-invoking client and approval policy as the built-in tools; an error result fails the call with an
/// <see cref="McpToolException"/> carrying the server's text. Disposing stops the server.
/// </summary>
public sealed class McpToolSource : IAsyncDisposable
{
    private readonly McpClient _client;

    private McpToolSource(string name, McpClient client, IReadOnlyList<AIFunction> tools)
    {
        Name = name;
        _client = client;
        Tools = tools;
    }

    /// <summary>The server's name in the config file.</summary>
    public string Name { get; }

    public IReadOnlyList<AIFunction> Tools { get; }

    /// <summary>Starts the server and lists its tools, each under the <see cref="ToolTimeouts.Default"/> deadline.</summary>
    /// <exception cref="McpServerStartException">The server could not be started or did not answer; the message names it.</exception>
    public static Task<McpToolSource> StartAsync(string name, McpServerSettings settings, CancellationToken cancellationToken = default) =>
        StartAsync(name, settings, ToolTimeouts.Default, cancellationToken);

    /// <summary>Starts the server and lists its tools, each under its deadline in <paramref name="timeouts"/>.</summary>
    /// <exception cref="McpServerStartException">The server could not be started or did not answer; the message names it.</exception>
    public static async Task<McpToolSource> StartAsync(
        string name, McpServerSettings settings, ToolTimeouts timeouts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeouts);
        if (string.IsNullOrWhiteSpace(settings.Command))
        {
            throw new McpServerStartException(name, "no \"command\" is configured");
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = name,
            Command = settings.Command,
            Arguments = settings.Arguments,
            EnvironmentVariables = settings.Environment.ToDictionary(e => e.Key, e => (string?)e.Value),
        });

        McpClient? client = null;
        try
        {
            client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken).ConfigureAwait(false);
            var tools = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new McpToolSource(name, client, timeouts.Apply(tools.Select(t => new McpErrorReportingAIFunction(t, name))));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            throw new McpServerStartException(name, $"{settings.Command} {string.Join(' ', settings.Arguments)}: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync().ConfigureAwait(false);
}
