using System.Collections.Concurrent;

namespace Switchboard.Context.Compaction;

/// <summary>Summaries for the life of the process (when no conversation store is given).</summary>
public sealed class InMemoryContextSummaryStore : IContextSummaryStore
{
    private readonly ConcurrentDictionary<string, ContextSummary> _summaries = new(StringComparer.Ordinal);

    /// <summary>How many summaries are held.</summary>
    public int Count => _summaries.Count;

    /// <inheritdoc />
    public ValueTask<ContextSummary?> FindAsync(IReadOnlyList<string> prefixKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefixKeys);
        foreach (var key in prefixKeys)
        {
            if (_summaries.TryGetValue(key, out var summary))
            {
                return ValueTask.FromResult<ContextSummary?>(summary);
            }
        }

        return ValueTask.FromResult<ContextSummary?>(null);
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(ContextSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _summaries[summary.PrefixKey] = summary;
        return ValueTask.CompletedTask;
    }
}
