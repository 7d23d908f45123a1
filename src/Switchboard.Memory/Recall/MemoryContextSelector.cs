using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Memory.Recall;

/// <summary>
/// Picks the memories most relevant to a conversation's first message that fit a token budget, and turns them into
/// a system message to put before it. Memories are taken in relevance order; one that does not fit is skipped
/// (a shorter, less relevant one may still fit), so the budget is used but never exceeded.
/// </summary>
public static class MemoryContextSelector
{
    private const string Heading = "Relevant memories from earlier conversations (may be outdated; newer ones win when they disagree):";

    /// <summary>The memories to inject for <paramref name="firstMessage"/>, best first, within <paramref name="tokenBudget"/> tokens.</summary>
    /// <param name="store">Where to search.</param>
    /// <param name="firstMessage">The user's first message.</param>
    /// <param name="scope">The scope to search (the current workspace, usually).</param>
    /// <param name="tokenBudget">Tokens the memories may take, each counted with its line prefix.</param>
    /// <param name="countTokens">Counts a text's tokens (the host's tokenizer); about 4 characters a token when null.</param>
    /// <param name="candidates">How many search results are considered.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    public static async Task<IReadOnlyList<MemorySearchResult>> SelectAsync(
        MemoryStore store,
        string firstMessage,
        MemoryScope scope,
        int tokenBudget,
        Func<string, int>? countTokens = null,
        int candidates = 20,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenBudget);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        if (string.IsNullOrWhiteSpace(firstMessage) || tokenBudget == 0)
        {
            return [];
        }

        countTokens ??= EstimateTokens;
        var found = await store.SearchAsync(firstMessage, scope, candidates, cancellationToken).ConfigureAwait(false);
        var remaining = tokenBudget - countTokens(Heading);
        var chosen = new List<MemorySearchResult>();
        foreach (var memory in found.Results)
        {
            var cost = countTokens(Line(memory));
            if (cost <= remaining)
            {
                chosen.Add(memory);
                remaining -= cost;
            }
        }

        return chosen;
    }

    /// <summary>A system message listing <paramref name="memories"/>, or null when there are none.</summary>
    public static ChatMessage? ToSystemMessage(IReadOnlyList<MemorySearchResult> memories)
    {
        ArgumentNullException.ThrowIfNull(memories);
        if (memories.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(Heading);
        foreach (var memory in memories)
        {
            text.Append('\n').Append(Line(memory));
        }

        return new ChatMessage(ChatRole.System, text.ToString());
    }

    /// <summary>About 4 characters per token, rounded up: the usual estimate for English text with BPE tokenizers.</summary>
    public static int EstimateTokens(string text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    private static string Line(MemorySearchResult memory) =>
        $"- [{memory.CreatedAt.UtcDateTime:yyyy-MM-dd}, {memory.Kind.ToString().ToLowerInvariant()}] {memory.Text}";
}
