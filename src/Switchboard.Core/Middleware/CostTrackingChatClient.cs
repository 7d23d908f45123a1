using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Core.Observability;
using Switchboard.Core.Usage;
using Switchboard.Errors;
using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Core.Middleware;

/// <summary>
/// Records every call that passes through it in the usage ledger: tokens, cost, latency, time to first token and
/// outcome, for successes, failures, cancellations and streams cut short alike. Sits right above the provider client
/// (below image preparation and the rate-limit queue), so each retry, fallback and tool-loop step is its own row, its
/// latency is the provider's own, and a request refused before sending is not a provider call.
/// </summary>
public sealed class CostTrackingChatClient : DelegatingChatClient
{
    private readonly IUsageLedger _ledger;
    private readonly ModelCatalog _catalog;
    private readonly ModelId _model;
    private readonly RequestTokenEstimator _estimator;
    private readonly TimeProvider _time;

    /// <param name="innerClient">The provider client.</param>
    /// <param name="ledger">Where calls are recorded.</param>
    /// <param name="catalog">Prices.</param>
    /// <param name="model">The model this client reaches.</param>
    /// <param name="estimator">Completes the usage of a stream cut before its usage arrived.</param>
    /// <param name="timeProvider">The clock for timestamps and latency.</param>
    public CostTrackingChatClient(IChatClient innerClient, IUsageLedger ledger, ModelCatalog catalog, ModelId model, RequestTokenEstimator estimator, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(estimator);
        _ledger = ledger;
        _catalog = catalog;
        _model = model;
        _estimator = estimator;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var startedAt = _time.GetUtcNow();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            Record(startedAt, response.Usage, estimated: false, elapsed, elapsed, "ok", streaming: false);
            return response;
        }
        catch (Exception ex) when (OutcomeOf(ex, cancellationToken) is { } outcome)
        {
            // A failed call before any answer still took time; it is recorded with what is known ($0: nothing was produced).
            Record(startedAt, null, estimated: false, _time.GetElapsedTime(started), null, outcome, streaming: false);
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var started = _time.GetTimestamp();
        var startedAt = _time.GetUtcNow();
        TimeSpan? firstToken = null;
        var accumulator = new UsageAccumulator(_model);
        var outcome = "ok";
        var updates = base.GetStreamingResponseAsync(messageList, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception ex) when (OutcomeOf(ex, cancellationToken) is { } failure)
                {
                    outcome = failure;
                    throw;
                }

                accumulator.Observe(update);
                if (firstToken is null && accumulator.ProducedOutput)
                {
                    firstToken = _time.GetElapsedTime(started);
                }

                yield return update;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);

            // An abandoned enumeration (the consumer stopped reading) is a cancellation too.
            if (outcome == "ok" && cancellationToken.IsCancellationRequested)
            {
                outcome = "cancelled";
            }

            // A stream that ended before the provider's usage: estimate, so the cost is not lost.
            var usage = accumulator.Complete(_estimator, messageList, options, out var estimated);
            Record(startedAt, usage, estimated, _time.GetElapsedTime(started), firstToken, outcome, streaming: true);
        }
    }

    private static string? OutcomeOf(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => "cancelled",
        ProviderException provider => provider.KindName,
        OperationCanceledException => "timeout",
        _ => "error",
    };

    private void Record(DateTimeOffset startedAt, UsageDetails? usage, bool estimated, TimeSpan latency, TimeSpan? firstToken, string outcome, bool streaming)
    {
        var cost = CostCalculator.Calculate(_catalog.Find(_model), usage);
        var cacheWrites = usage?.AdditionalCounts?.TryGetValue(SwitchboardProperties.CacheCreationInputTokens, out var writes) == true ? writes : (long?)null;
        var record = new UsageRecord
        {
            Timestamp = startedAt,
            Model = _model.ToString(),
            Provider = _model.Provider,
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            CachedInputTokens = usage?.CachedInputTokenCount,
            ReasoningTokens = usage?.ReasoningTokenCount,
            CacheWriteTokens = cacheWrites,
            // A failure before any answer produced no tokens: a priced $0, not "unpriced", even for a model the
            // catalog does not know (an unknown model's 404 costs nothing).
            CostUsd = usage is null && outcome != "ok" ? 0m : cost.TotalUsd,
            UsageEstimated = estimated,
            LatencyMs = latency.TotalMilliseconds,
            TimeToFirstTokenMs = firstToken?.TotalMilliseconds,
            Outcome = outcome,
            Streaming = streaming,
        };
        _ledger.Record(record);
        RequestObserver.Current?.ProviderCallCompleted(record);
    }
}
