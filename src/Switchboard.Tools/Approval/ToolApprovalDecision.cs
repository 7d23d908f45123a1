namespace Switchboard.Tools;

/// <summary>What happens to a tool call. Ordered by caution: a higher value is the safer answer.</summary>
public enum ToolApprovalDecision
{
    /// <summary>Run it without asking.</summary>
    Allow = 0,

    /// <summary>Ask the user first.</summary>
    Ask = 1,

    /// <summary>Do not run it; the model is told the policy refused it.</summary>
    Deny = 2,
}
