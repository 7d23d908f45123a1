using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Errors;
using Switchboard.Models;
using Switchboard.Core.Usage;

namespace Switchboard.Core.Middleware;

/// <summary>
/// Records every call that passes through it in the usage ledger: tokens, cost, latency, time to first token and
/// outcome, for successes, failures, cancellations and streams cut short alike. Sits right above the provider
/// client so each retry, fallback and tool-loop step is its own row.
/// </summary>
public sealed class CostTrackingChatClient : DelegatingChatClient
{
    /// <summary>Rough characters per token, only for streams that ended before the provider reported usage.</summary>
    private const double CharactersPerToken = 4.0;

    private readonly IUsageLedger _ledger;
    private readonly ModelCatalog _catalog;
    private readonly ModelId _model;
    private readonly TimeProvider _time;

    public CostTrackingChatClient(IChatClient innerClient, IUsageLedger ledger, ModelCatalog catalog, ModelId model, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(catalog);
        _ledger = ledger;
        _catalog = catalog;
        _model = model;
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
            // A failed call before any answer still took time and may have been billed for input; it is recorded with what is known.
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
        UsageDetails? usage = null;
        long outputCharacters = 0;
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

                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case UsageContent u:
                            // Streamed usage arrives in parts (Anthropic: input at the start, output at the end); parts add up.
                            usage ??= new UsageDetails();
                            usage.Add(u.Details);
                            break;
                        case TextContent t:
                            outputCharacters += t.Text.Length;
                            firstToken ??= _time.GetElapsedTime(started);
                            break;
                        case TextReasoningContent r:
                            outputCharacters += r.Text.Length;
                            firstToken ??= _time.GetElapsedTime(started);
                            break;
                        case FunctionCallContent:
                            firstToken ??= _time.GetElapsedTime(started);
                            break;
                    }
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

            var estimated = false;
            if (usage?.OutputTokenCount is null && outputCharacters > 0)
            {
                // The stream ended before the provider's usage event: estimate so the cost is not lost.
                estimated = true;
                usage ??= new UsageDetails();
                usage.OutputTokenCount = (long)Math.Ceiling(outputCharacters / CharactersPerToken);
                usage.InputTokenCount ??= (long)Math.Ceiling(messageList.Sum(m => (long)m.Text.Length) / CharactersPerToken);
            }

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
        _ledger.Record(new UsageRecord
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
        });
    }
}
