using System.ComponentModel.DataAnnotations;

namespace Switchboard.Completion.Context;

/// <summary>
/// How the prompt's tokens are shared. The starting point is Copilot's published split: a fixed share of the prompt
/// reserved for the code after the cursor (<c>suffixPercent</c> = 15 in the Copilot client studied at
/// https://thakkarparth007.github.io/copilot-explorer/posts/copilot-internals.html), the rest for the prefix and for
/// context from other files; Continue's defaults are in the same range (1,024 tokens, suffix at most 20 %, prefix 30 %
/// of the context, https://docs.continue.dev/reference#autocompleteoptions). Changed here: the suffix share is a cap,
/// as Continue's <c>maxSuffixPercentage</c> is, and whatever the suffix and the extra context leave unused goes back to
/// the prefix, so a cursor near the end of a file, or a file with no neighbours, still fills the budget. The shares
/// are settings so that <c>switchboard-complete eval</c> can compare splits on a real code model.
/// </summary>
public sealed class ContextBudget
{
    /// <summary>The prompt tokens for prefix, suffix and extra context together.</summary>
    [Range(64, 131072)]
    public int MaxPromptTokens { get; set; } = 1536;

    /// <summary>The share of <see cref="MaxPromptTokens"/> the suffix may take.</summary>
    [Range(0.0, 0.9)]
    public double SuffixShare { get; set; } = 0.15;

    /// <summary>The share the extra context may take: scopes and imports cut off, signatures, snippets.</summary>
    [Range(0.0, 0.9)]
    public double ContextShare { get; set; } = 0.20;
}
