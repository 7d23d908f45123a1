using Switchboard.Context.Compaction;
using Switchboard.Context.Conversations;

namespace Switchboard.Hosting;

/// <summary>
/// The conversation store as the summary store of every chain, opened only when a summary is first looked up: a
/// command that never compacts never opens the conversations file.
/// </summary>
internal sealed class LazyContextSummaryStore(Func<Task<SqliteConversationStore>> open) : IContextSummaryStore
{
    public async ValueTask<ContextSummary?> FindAsync(IReadOnlyList<string> prefixKeys, CancellationToken cancellationToken = default) =>
        await (await open().ConfigureAwait(false)).FindAsync(prefixKeys, cancellationToken).ConfigureAwait(false);

    public async ValueTask SaveAsync(ContextSummary summary, CancellationToken cancellationToken = default) =>
        await (await open().ConfigureAwait(false)).SaveAsync(summary, cancellationToken).ConfigureAwait(false);
}
