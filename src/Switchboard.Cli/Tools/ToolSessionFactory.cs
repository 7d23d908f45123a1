using Microsoft.Extensions.AI;
using Switchboard.Cli.Hosting;
using Switchboard.Configuration;
using Switchboard.Tools;

namespace Switchboard.Cli.Tools;

/// <summary>Builds the session's tools: the workspace tools plus MCP tools, all under one approval policy.</summary>
internal static class ToolSessionFactory
{
    public static async Task<ToolSession> CreateAsync(CliConsole console, ToolSettings settings, ToolFlags flags)
    {
        var policy = ToolApprovalPolicy.Parse(settings.Rules);
        var root = flags.Workspace ?? Directory.GetCurrentDirectory();
        if (!Directory.Exists(root))
        {
            throw new FormatException($"--workspace {root}: no such folder.");
        }

        var workspaceTools = new WorkspaceTools(new Workspace(root));
        var tools = new List<AIFunction>(workspaceTools.CreateForPolicy(policy));
        var sources = new List<McpToolSource>();
        var pureResults = new PureToolCache();
        try
        {
            foreach (var (name, server) in settings.McpServers)
            {
                var source = await McpToolSource.StartAsync(name, server);
                sources.Add(source);
                tools.AddRange(policy.Apply(source.Tools.Select(t => settings.Pure.Contains(t.Name) ? pureResults.Wrap(t) : t)));
                await console.Error.WriteLineAsync($"mcp: {name}: {string.Join(", ", source.Tools.Select(t => t.Name))}");
            }
        }
        catch
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }

            throw;
        }

        return new ToolSession(tools, policy, flags.Approve, flags.MaxSteps ?? settings.MaxSteps, sources, workspaceTools);
    }
}
