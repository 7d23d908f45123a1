namespace Switchboard.Tools;

/// <summary>A decision and the rule that made it; no rule means the tool's default.</summary>
internal readonly record struct PolicyVerdict(ToolApprovalDecision Decision, ToolApprovalRule? Rule)
{
    public string Describe(string toolName) =>
        Rule?.ToString() ?? $"default {Decision.ToString().ToLowerInvariant()} for {toolName}";
}
