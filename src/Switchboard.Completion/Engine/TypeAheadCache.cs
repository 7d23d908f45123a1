namespace Switchboard.Completion.Engine;

/// <summary>
/// The last suggestions shown per document. When the user types characters that a shown candidate starts with,
/// the rest of that candidate is still the suggestion: it is served from here, with no model call, as Copilot and
/// Continue do. Anything else typed (or text changed after the cursor) misses.
/// </summary>
internal sealed class TypeAheadCache(int capacity)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private readonly Lock _lock = new();

    public void Remember(string path, string textBefore, string textAfter, IReadOnlyList<CompletionCandidate> candidates, string? model)
    {
        if (capacity == 0 || candidates.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            _order.Remove(path);
            _order.AddFirst(path);
            _entries[path] = new Entry(textBefore, textAfter, candidates, model);
            while (_order.Count > capacity)
            {
                _entries.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }
        }
    }

    public CompletionResult? TryGet(string path, string textBefore, string textAfter)
    {
        Entry? entry;
        lock (_lock)
        {
            entry = _entries.GetValueOrDefault(path);
        }

        if (entry is null
            || textBefore.Length < entry.TextBefore.Length
            || !textBefore.AsSpan().StartsWith(entry.TextBefore, StringComparison.Ordinal)
            || !string.Equals(textAfter, entry.TextAfter, StringComparison.Ordinal))
        {
            return null;
        }

        var typed = textBefore.AsSpan(entry.TextBefore.Length);
        var remaining = new List<CompletionCandidate>();
        foreach (var candidate in entry.Candidates)
        {
            if (candidate.Text.Length > typed.Length && candidate.Text.AsSpan().StartsWith(typed, StringComparison.Ordinal))
            {
                remaining.Add(candidate with { Text = candidate.Text[typed.Length..] });
            }
        }

        return remaining.Count == 0 ? null : new CompletionResult(remaining, null, entry.Model) { FromTypeAheadCache = true };
    }

    private sealed record Entry(string TextBefore, string TextAfter, IReadOnlyList<CompletionCandidate> Candidates, string? Model);
}
