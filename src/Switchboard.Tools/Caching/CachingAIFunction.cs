using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>A pure tool whose results come from <see cref="PureToolCache"/> when the same call was made before.</summary>
internal sealed class CachingAIFunction(AIFunction innerFunction, PureToolCache cache) : DelegatingAIFunction(innerFunction)
{
    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        cache.GetOrInvokeAsync(Name, arguments, () => base.InvokeCoreAsync(arguments, cancellationToken));
}
