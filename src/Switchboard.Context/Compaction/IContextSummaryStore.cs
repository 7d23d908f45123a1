namespace Switchboard.Context.Compaction;

/// <summary>Where summaries are kept between turns and processes (the conversation store, or memory).</summary>
public interface IContextSummaryStore
{
    /// <summary>
    /// The summary stored under the first of <paramref name="prefixKeys"/> that has one (the reducer passes the
    /// conversation's prefix keys longest first), or null.
    /// </summary>
    ValueTask<ContextSummary?> FindAsync(IReadOnlyList<string> prefixKeys, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="summary"/> under its <see cref="ContextSummary.PrefixKey"/>.</summary>
    ValueTask SaveAsync(ContextSummary summary, CancellationToken cancellationToken = default);
}
