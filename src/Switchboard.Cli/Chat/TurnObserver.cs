using Switchboard.Core.Observability;
using Switchboard.Core.Usage;

namespace Switchboard.Cli.Chat;

/// <summary>
/// Hears one turn's provider calls (every retry, fallback and tool step) and adds up what they cost, so the footer
/// and the JSON result show what the turn really cost: $0 for an answer from the cache, "unpriced" when a model has
/// no known price.
/// </summary>
internal sealed class TurnObserver : RequestObserver
{
    private readonly Lock _lock = new();
    private decimal _cost;

    /// <summary>Provider calls made in the turn.</summary>
    public int ProviderCalls { get; private set; }

    /// <summary>Whether some call used a model with no known price.</summary>
    public bool Unpriced { get; private set; }

    /// <summary>Whether an answer came from the response cache.</summary>
    public bool FromCache { get; private set; }

    /// <summary>The turn's cost in USD, or null when part of it is unpriced.</summary>
    public decimal? CostUsd
    {
        get
        {
            lock (_lock)
            {
                return Unpriced ? null : _cost;
            }
        }
    }

    /// <summary>Called with each wait in a rate-limit queue.</summary>
    public Action<string, TimeSpan>? OnQueueWait { get; init; }

    public override void ProviderCallCompleted(UsageRecord record)
    {
        lock (_lock)
        {
            ProviderCalls++;
            if (record.CostUsd is { } cost)
            {
                _cost += cost;
            }
            else
            {
                Unpriced = true;
            }
        }
    }

    public override void CacheHit(string partition) => FromCache = true;

    public override void QueueWaitStarted(string provider, TimeSpan expectedWait) => OnQueueWait?.Invoke(provider, expectedWait);

    /// <summary>The cost for display: "$0.0012", "$0 (cached)" or "unpriced".</summary>
    public string DescribeCost() => CostUsd is { } usd
        ? ChatSetup.FormatUsd(usd) + (FromCache && ProviderCalls == 0 ? " (cached)" : "")
        : "unpriced";
}
