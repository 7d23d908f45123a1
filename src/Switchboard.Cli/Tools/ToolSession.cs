using Microsoft.Extensions.AI;
using Switchboard.Tools;

namespace Switchboard.Cli.Tools;

/// <summary>
/// The tools of one chat session and how their calls are approved: the policy settles what it can, the
/// <c>--approve</c> mode settles the rest, and in the REPL the user answers <c>[y]es / [n]o / [a]lways</c>.
/// </summary>
internal sealed class ToolSession : IAsyncDisposable
{
    private readonly HashSet<string> _alwaysApproved = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<McpToolSource> _mcpSources;

    public ToolSession(IReadOnlyList<AIFunction> tools, ToolApprovalPolicy policy, ApprovalMode mode, int maxSteps, IReadOnlyList<McpToolSource>? mcpSources = null, WorkspaceTools? workspaceTools = null)
    {
        _mcpSources = mcpSources ?? [];
        WorkspaceTools = workspaceTools;
        Tools = tools;
        Policy = policy;
        Mode = mode;
        MaxSteps = maxSteps;
    }

    /// <summary>The tools offered to the model, with the policy applied.</summary>
    public IReadOnlyList<AIFunction> Tools { get; }

    public ToolApprovalPolicy Policy { get; }

    public ApprovalMode Mode { get; }

    /// <summary>The built-in tools: their diff previews for approval and their per-turn checkpoints for /undo.</summary>
    public WorkspaceTools? WorkspaceTools { get; }

    /// <summary>Model calls allowed per user turn (the tool loop stops after this many).</summary>
    public int MaxSteps { get; }

    /// <summary>
    /// Answers one approval request without a person when possible: by policy, by an earlier "always", or by the
    /// mode. Returns null when the user must be asked.
    /// </summary>
    public ToolApprovalResponseContent? TryAnswer(ToolApprovalRequestContent request, bool canAsk)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Policy.TryCreateAutomaticResponse(request, out var automatic))
        {
            return automatic;
        }

        var name = (request.ToolCall as FunctionCallContent)?.Name ?? "tool";
        if (_alwaysApproved.Contains(name))
        {
            return request.CreateResponse(approved: true, "approved for the rest of the session");
        }

        return Mode switch
        {
            ApprovalMode.Auto => request.CreateResponse(approved: true, "approved by --approve auto"),
            ApprovalMode.Deny => request.CreateResponse(approved: false, "rejected by the user (--approve deny)"),
            _ when !canAsk => request.CreateResponse(approved: false, "rejected: this call needs approval and print mode cannot ask; rerun with --approve auto to allow it"),
            _ => null,
        };
    }

    /// <summary>Stops the MCP servers this session started.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var source in _mcpSources)
        {
            await source.DisposeAsync();
        }
    }

    /// <summary>Records the user's answer; "always" approves the tool for the rest of the session.</summary>
    public ToolApprovalResponseContent Answer(ToolApprovalRequestContent request, ApprovalAnswer answer, string? reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = (request.ToolCall as FunctionCallContent)?.Name ?? "tool";
        switch (answer)
        {
            case ApprovalAnswer.Always:
                _alwaysApproved.Add(name);
                return request.CreateResponse(approved: true, "approved by the user for the rest of the session");
            case ApprovalAnswer.Yes:
                return request.CreateResponse(approved: true, "approved by the user");
            default:
                return request.CreateResponse(approved: false, string.IsNullOrWhiteSpace(reason) ? "rejected by the user" : $"rejected by the user: {reason}");
        }
    }
}
