using Microsoft.Extensions.AI;

namespace Switchboard.Completion.Engine;

/// <summary>The ranked candidates of one completion, with what it cost.</summary>
/// <param name="Candidates">Best first; empty when the model offered nothing usable.</param>
/// <param name="Usage">Tokens of every model call made, summed; null when none was made.</param>
/// <param name="Model">The model that answered, as it named itself.</param>
public sealed record CompletionResult(IReadOnlyList<CompletionCandidate> Candidates, UsageDetails? Usage, string? Model)
{
    /// <summary>Served from what was already shown while the user typed ahead through it: no model call.</summary>
    public bool FromTypeAheadCache { get; init; }

    /// <summary>How many model calls were made.</summary>
    public int ModelCalls { get; init; }
}
