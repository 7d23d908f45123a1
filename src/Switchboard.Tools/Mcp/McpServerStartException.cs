namespace Switchboard.Tools;

/// <summary>A configured MCP server could not be started or listed its tools with an error.</summary>
public sealed class McpServerStartException(string server, string reason, Exception? inner = null)
    : Exception($"MCP server '{server}' failed to start: {reason}", inner)
{
    public string Server { get; } = server;
}
