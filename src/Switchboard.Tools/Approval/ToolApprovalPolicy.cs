using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>
/// Decides, per tool call, whether it runs (<see cref="ToolApprovalDecision.Allow"/>), waits for the user
/// (<see cref="ToolApprovalDecision.Ask"/>) or is refused (<see cref="ToolApprovalDecision.Deny"/>).
/// </summary>
/// <remarks>
/// <para>How a call is decided: among the rules matching it, the most specific wins (see
/// <see cref="ToolApprovalRule"/>: an argument glob beats none, a longer literal argument beats a shorter one, an
/// exact tool name beats a tool glob). When equally specific rules disagree, the more cautious one wins:
/// deny, then ask, then allow. Rule order does not matter. When no rule matches, the tool's default applies:
/// the read-only tools (read_file, list_dir, glob, grep) are allowed, every other tool asks.</para>
/// <para>For run_command the command line is split into its simple commands (at <c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, <c>|</c>, <c>&amp;</c>, newlines) and each is decided; the most cautious answer stands, so
/// <c>allow:run_command(git status*)</c> does not let <c>git status; rm -rf ~</c> through. An argument-glob
/// allow never applies to a command with substitution (<c>$(...)</c>, backticks) or redirection, whose effect its
/// text does not show. A deny glob is also tried against the whole line. This narrows what an allow rule lets
/// through; it is not a sandbox.</para>
/// <para><see cref="FunctionInvokingChatClient"/> asks per tool, not per call, and once one call in a response
/// needs approval it turns every call of that response into a <see cref="ToolApprovalRequestContent"/>. So a host
/// should answer each request with <see cref="TryCreateAutomaticResponse"/> first and prompt only for the rest.</para>
/// </remarks>
public sealed class ToolApprovalPolicy
{
    private static readonly HashSet<string> ReadOnlyTools =
    [
        WorkspaceToolNames.ReadFile, WorkspaceToolNames.ListDirectory, WorkspaceToolNames.Glob, WorkspaceToolNames.Grep,
    ];

    public ToolApprovalPolicy(IEnumerable<ToolApprovalRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
    }

    /// <summary>No rules: read-only tools run, the rest ask.</summary>
    public static ToolApprovalPolicy Default { get; } = new([]);

    public IReadOnlyList<ToolApprovalRule> Rules { get; }

    /// <summary>Parses rules such as <c>allow:read_file</c> or <c>deny:run_command(rm *)</c>.</summary>
    /// <exception cref="FormatException">A rule is malformed; the message names it.</exception>
    public static ToolApprovalPolicy Parse(IEnumerable<string> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new ToolApprovalPolicy(rules.Where(r => !string.IsNullOrWhiteSpace(r)).Select(ToolApprovalRule.Parse));
    }

    /// <summary>The decision for a tool no rule mentions.</summary>
    public static ToolApprovalDecision GetDefaultDecision(string toolName)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        return ReadOnlyTools.Contains(toolName) ? ToolApprovalDecision.Allow : ToolApprovalDecision.Ask;
    }

    /// <summary>Decides one call.</summary>
    public ToolApprovalDecision Decide(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Evaluate(call.Name, call.Arguments).Decision;
    }

    /// <summary>
    /// Answers an approval request the policy can settle without the user: approved for Allow, rejected for Deny.
    /// Returns false for Ask (and for requests that are not function calls), which a person must answer.
    /// </summary>
    public bool TryCreateAutomaticResponse(
        ToolApprovalRequestContent request, [NotNullWhen(true)] out ToolApprovalResponseContent? response)
    {
        ArgumentNullException.ThrowIfNull(request);
        response = null;
        if (request.ToolCall is not FunctionCallContent call)
        {
            return false;
        }

        var verdict = Evaluate(call.Name, call.Arguments);
        response = verdict.Decision switch
        {
            ToolApprovalDecision.Allow => request.CreateResponse(approved: true, $"allowed by policy ({verdict.Describe(call.Name)})"),
            ToolApprovalDecision.Deny => request.CreateResponse(approved: false, $"rejected by policy ({verdict.Describe(call.Name)})"),
            _ => null,
        };
        return response is not null;
    }

    /// <summary>
    /// Applies the policy to tools: each refuses denied calls without running, and a tool for which some call
    /// may need asking is wrapped in <see cref="ApprovalRequiredAIFunction"/>.
    /// </summary>
    public IReadOnlyList<AIFunction> Apply(IEnumerable<AIFunction> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var applied = new List<AIFunction>();
        foreach (var tool in tools)
        {
            AIFunction enforced = new PolicyEnforcingAIFunction(tool, this);
            applied.Add(MayAsk(tool.Name) ? new ApprovalRequiredAIFunction(enforced) : enforced);
        }

        return applied;
    }

    /// <summary>Whether any call of the tool could be decided Ask.</summary>
    internal bool MayAsk(string toolName) =>
        EvaluateOne(toolName, argument: null, opaque: false).Decision == ToolApprovalDecision.Ask
        || Rules.Any(r => r.Decision == ToolApprovalDecision.Ask && r.ArgumentPattern is not null && r.MatchesTool(toolName));

    internal PolicyVerdict Evaluate(string toolName, IDictionary<string, object?>? arguments)
    {
        var argument = GetPrimaryArgument(toolName, arguments);
        return toolName == WorkspaceToolNames.RunCommand && argument is not null
            ? EvaluateCommand(argument)
            : EvaluateOne(toolName, argument, opaque: false);
    }

    private PolicyVerdict EvaluateCommand(string command)
    {
        var segments = ShellCommandSplitter.Split(command);
        if (segments.Count <= 1)
        {
            return EvaluateOne(WorkspaceToolNames.RunCommand, segments.Count == 1 ? segments[0].Text : command,
                opaque: segments.Count == 1 && segments[0].IsOpaque);
        }

        PolicyVerdict? verdict = null;
        foreach (var segment in segments)
        {
            var next = EvaluateOne(WorkspaceToolNames.RunCommand, segment.Text, segment.IsOpaque);
            if (verdict is null || next.Decision > verdict.Value.Decision)
            {
                verdict = next;
            }
        }

        // A deny written for the whole line ("deny:run_command(*--force*)" or one spanning '&&') still holds.
        var wholeLineDeny = Rules.FirstOrDefault(r => r.Decision == ToolApprovalDecision.Deny && r.ArgumentPattern is not null
            && r.MatchesTool(WorkspaceToolNames.RunCommand) && WildcardPattern.IsMatch(r.ArgumentPattern, command));
        return wholeLineDeny is not null ? new PolicyVerdict(ToolApprovalDecision.Deny, wholeLineDeny) : verdict!.Value;
    }

    private PolicyVerdict EvaluateOne(string toolName, string? argument, bool opaque)
    {
        ToolApprovalRule? best = null;
        foreach (var rule in Rules)
        {
            if (!rule.MatchesTool(toolName))
            {
                continue;
            }

            if (rule.ArgumentPattern is not null
                && (argument is null
                    || (opaque && rule.Decision == ToolApprovalDecision.Allow)
                    || !WildcardPattern.IsMatch(rule.ArgumentPattern, argument)))
            {
                continue;
            }

            if (best is null || IsPreferred(rule, best))
            {
                best = rule;
            }
        }

        return best is null ? new PolicyVerdict(GetDefaultDecision(toolName), null) : new PolicyVerdict(best.Decision, best);
    }

    private static bool IsPreferred(ToolApprovalRule candidate, ToolApprovalRule current)
    {
        var order = candidate.Specificity.CompareTo(current.Specificity);
        return order > 0 || (order == 0 && candidate.Decision > current.Decision);
    }

    /// <summary>The argument rules are matched against, normalised so <c>./src/a.cs</c> and <c>src/a.cs</c> agree.</summary>
    private static string? GetPrimaryArgument(string toolName, IDictionary<string, object?>? arguments)
    {
        var name = toolName switch
        {
            WorkspaceToolNames.RunCommand => "command",
            WorkspaceToolNames.Glob => "pattern",
            _ => "path",
        };

        var value = ToolArguments.GetString(arguments, name);
        if (value is null)
        {
            return toolName is WorkspaceToolNames.ListDirectory or WorkspaceToolNames.Grep ? "." : null;
        }

        if (name != "path")
        {
            return value;
        }

        value = value.Replace('\\', '/');
        while (value.StartsWith("./", StringComparison.Ordinal) && value.Length > 2)
        {
            value = value[2..];
        }

        return value;
    }
}
