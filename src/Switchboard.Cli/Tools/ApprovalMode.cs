namespace Switchboard.Cli.Tools;

/// <summary>The values of <c>--approve</c>.</summary>
internal enum ApprovalMode
{
    /// <summary>Every call the policy does not deny runs without asking.</summary>
    Auto,

    /// <summary>Calls the policy marks "ask" wait for the user (in print mode, where nobody can answer, they are rejected).</summary>
    Ask,

    /// <summary>Calls the policy marks "ask" are rejected; only allowed calls run.</summary>
    Deny,
}
