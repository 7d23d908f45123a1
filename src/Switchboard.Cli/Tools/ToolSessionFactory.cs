using Microsoft.Extensions.AI;
using Switchboard.Cli.Hosting;
using Switchboard.Core.Configuration;
using Switchboard.Tools;

namespace Switchboard.Cli.Tools;

/// <summary>Builds the session's tools: the workspace tools plus MCP tools, all under one approval policy.</summary>
internal static class ToolSessionFactory
{
    public static Task<ToolSession> CreateAsync(CliConsole console, ToolSettings settings, ToolFlags flags)
    {
        var policy = ToolApprovalPolicy.Parse(settings.Rules);
        var root = flags.Workspace ?? Directory.GetCurrentDirectory();
        if (!Directory.Exists(root))
        {
            throw new FormatException($"--workspace {root}: no such folder.");
        }

        var tools = new List<AIFunction>(new WorkspaceTools(new Workspace(root)).CreateForPolicy(policy));
        _ = console;
        return Task.FromResult(new ToolSession(tools, policy, flags.Approve, flags.MaxSteps ?? settings.MaxSteps));
    }
}
