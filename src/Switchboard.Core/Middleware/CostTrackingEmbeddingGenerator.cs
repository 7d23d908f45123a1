using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Core.Observability;
using Switchboard.Core.Usage;
using Switchboard.Errors;
using Switchboard.Models;

namespace Switchboard.Core.Middleware;

/// <summary>
/// Records every embedding call in the usage ledger, as <see cref="CostTrackingChatClient"/> does for chat: input
/// tokens, cost, latency and outcome, a failure included ($0: nothing was produced).
/// </summary>
public sealed class CostTrackingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IUsageLedger _ledger;
    private readonly ModelCatalog _catalog;
    private readonly ModelId _model;
    private readonly TimeProvider _time;

    public CostTrackingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, IUsageLedger ledger, ModelCatalog catalog, ModelId model, TimeProvider? timeProvider = null)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(catalog);
        _ledger = ledger;
        _catalog = catalog;
        _model = model;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var startedAt = _time.GetUtcNow();
        try
        {
            var embeddings = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
            Record(startedAt, embeddings.Usage, _time.GetElapsedTime(started), "ok");
            return embeddings;
        }
        catch (Exception ex) when (ex is ProviderException or OperationCanceledException)
        {
            Record(startedAt, null, _time.GetElapsedTime(started), ex is ProviderException provider ? provider.KindName : "cancelled");
            throw;
        }
    }

    private void Record(DateTimeOffset startedAt, UsageDetails? usage, TimeSpan latency, string outcome)
    {
        var record = new UsageRecord
        {
            Timestamp = startedAt,
            Model = _model.ToString(),
            Provider = _model.Provider,
            InputTokens = usage?.InputTokenCount,
            OutputTokens = 0,
            CostUsd = usage is null ? (outcome == "ok" ? CostCalculator.Calculate(_catalog.Find(_model), null).TotalUsd : 0m) : CostCalculator.Calculate(_catalog.Find(_model), usage).TotalUsd,
            LatencyMs = latency.TotalMilliseconds,
            Outcome = outcome,
        };
        _ledger.Record(record);
        RequestObserver.Current?.ProviderCallCompleted(record);
    }
}
