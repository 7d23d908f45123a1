using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

/// <summary>One MCP server run as a child process speaking MCP over stdio.</summary>
public sealed class McpServerSettings
{
    [JsonPropertyName("command")]
    public string Command { get; set; } = "";

    [JsonPropertyName("args")]
    public List<string> Arguments { get; set; } = [];

    [JsonPropertyName("env")]
    public Dictionary<string, string> Environment { get; set; } = [];
}
