using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>
/// Checks each call against the policy before running it. Deny returns a refusal the model reads, without
/// running; anything else runs (an Ask has been approved by the time a call gets here, since the tool is then
/// wrapped in <see cref="ApprovalRequiredAIFunction"/> and the function-invoking client asked first).
/// </summary>
internal sealed class PolicyEnforcingAIFunction(AIFunction innerFunction, ToolApprovalPolicy policy)
    : DelegatingAIFunction(innerFunction)
{
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var verdict = policy.Evaluate(Name, arguments);
        if (verdict.Decision == ToolApprovalDecision.Deny)
        {
            return $"Rejected by policy ({verdict.Describe(Name)}): {Name} was not run. " +
                "Do not retry the same call; choose another approach or ask the user.";
        }

        return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
    }
}
