namespace Switchboard.Core.Usage;

/// <summary>Where provider calls are recorded. <see cref="Record"/> never blocks the call that is being recorded.</summary>
public interface IUsageLedger : IAsyncDisposable
{
    /// <summary>Queues a record; it is written in the background.</summary>
    void Record(UsageRecord record);

    /// <summary>Completes when every record queued before the call is stored.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Totals per group key since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<UsageSummaryRow>> SummarizeAsync(UsageGrouping grouping, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Total priced spend since <paramref name="since"/>, in USD.</summary>
    async Task<decimal> SpentSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        (await SummarizeAsync(UsageGrouping.Provider, since, cancellationToken).ConfigureAwait(false)).Sum(r => r.CostUsd);
}
