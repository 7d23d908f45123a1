using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

/// <summary>Tool settings from the config file (<c>"tools": {...}</c>).</summary>
public sealed class ToolSettings
{
    /// <summary>Approval rules such as <c>allow:run_command(git status*)</c> or <c>deny:run_command(rm *)</c>.</summary>
    [JsonPropertyName("rules")]
    public List<string> Rules { get; set; } = [];

    /// <summary>Model calls allowed per user turn before the tool loop stops.</summary>
    [JsonPropertyName("max_steps")]
    public int MaxSteps { get; set; } = 20;

    /// <summary>Tools whose results depend only on their arguments; their results are reused within a session.</summary>
    [JsonPropertyName("pure")]
    public List<string> Pure { get; set; } = [];

    /// <summary>Model Context Protocol servers started over stdio, by name.</summary>
    [JsonPropertyName("mcp_servers")]
    public Dictionary<string, McpServerSettings> McpServers { get; set; } = [];
}
