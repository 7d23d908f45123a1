using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Xunit;

namespace Switchboard.Tools.Tests;

/// <summary>MCP tools from a real stdio server process (tests/Switchboard.McpTestServer).</summary>
public sealed class McpToolSourceTests
{
    private static McpServerSettings TestServer => new()
    {
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "Switchboard.McpTestServer.dll")],
    };

    [Fact]
    public async Task Lists_and_runs_the_servers_tools()
    {
        await using var source = await McpToolSource.StartAsync("test", TestServer, TestContext.Current.CancellationToken);
        Assert.Equal(["add", "read_note", "reverse"], source.Tools.Select(t => t.Name).Order());
        var reverse = source.Tools.Single(t => t.Name == "reverse");
        Assert.Equal("Reverses a text.", reverse.Description);
        Assert.Equal("string", reverse.JsonSchema.GetProperty("properties").GetProperty("text").GetProperty("type").GetString());

        var result = await reverse.InvokeAsync(new AIFunctionArguments { ["text"] = "switchboard" }, TestContext.Current.CancellationToken);
        Assert.Contains("draobhctiws", JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions));

        var sum = await source.Tools.Single(t => t.Name == "add").InvokeAsync(new AIFunctionArguments { ["a"] = 2, ["b"] = 3 }, TestContext.Current.CancellationToken);
        Assert.Contains("5", JsonSerializer.Serialize(sum, AIJsonUtilities.DefaultOptions));
    }

    [Fact]
    public async Task Mcp_tools_ask_for_approval_by_default()
    {
        await using var source = await McpToolSource.StartAsync("test", TestServer, TestContext.Current.CancellationToken);
        var governed = ToolApprovalPolicy.Default.Apply(source.Tools);
        Assert.All(governed, tool => Assert.IsType<ApprovalRequiredAIFunction>(tool));

        var allowed = ToolApprovalPolicy.Parse(["allow:reverse"]).Apply(source.Tools);
        Assert.IsNotType<ApprovalRequiredAIFunction>(allowed.Single(t => t.Name == "reverse"));
    }

    [Fact]
    public async Task A_server_that_cannot_start_is_named_in_the_error()
    {
        var ex = await Assert.ThrowsAsync<McpServerStartException>(() =>
            McpToolSource.StartAsync("broken", new McpServerSettings { Command = "/nonexistent/mcp-server" }, TestContext.Current.CancellationToken));
        Assert.Contains("broken", ex.Message);
        Assert.Contains("/nonexistent/mcp-server", ex.Message);
    }
}
