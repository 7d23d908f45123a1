namespace Switchboard.Tools;

/// <summary>
/// An MCP tool answered with an error result (<c>isError: true</c>). The message is the server's own text, so the
/// model reads the reason as words, not as the JSON of the result.
/// </summary>
public sealed class McpToolException : ToolFailureException
{
    public McpToolException()
    {
    }

    public McpToolException(string message)
        : base(message)
    {
    }

    public McpToolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public McpToolException(string server, string toolName, string message)
        : base(message)
    {
        Server = server;
        ToolName = toolName;
    }

    /// <summary>The MCP server's name in the config file.</summary>
    public string? Server { get; }

    /// <summary>The tool that failed.</summary>
    public string? ToolName { get; }
}
