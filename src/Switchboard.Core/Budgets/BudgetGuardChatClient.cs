using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Core.Catalog;
using Switchboard.Core.Observability;
using Switchboard.Core.Usage;
using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Core.Budgets;

/// <summary>
/// Admits a request only if its worst-case cost fits the budget, else sends it to the configured cheaper model or
/// refuses it with <see cref="BudgetExceededException"/> before anything is sent. The worst case is an upper bound
/// for every target the route may reach (a fallback to an expensive model is covered): every prompt byte counted as
/// a token, images at the largest size the provider reads, plus the full output allowance. The reservation is held
/// in the shared <see cref="IBudgetStore"/>, so racing requests of any process cannot overspend, and it is replaced
/// by the real cost when the request ends: a request that failed before any answer costs nothing.
/// </summary>
public sealed class BudgetGuardChatClient : DelegatingChatClient
{
    /// <summary>Output allowance when neither the request nor the catalog gives one.</summary>
    private const int DefaultMaxOutputTokens = 4096;

    private readonly IBudgetStore _store;
    private readonly BudgetSettings _settings;
    private readonly ModelCatalog _catalog;
    private readonly ITokenEstimatorSource _estimators;
    private readonly IReadOnlyList<ModelId> _targets;
    private readonly BudgetFallback? _fallback;
    private readonly string _scope;
    private readonly TimeProvider _time;
    private readonly Lock _alertLock = new();
    private readonly HashSet<string> _alertedPeriods = [];

    /// <param name="innerClient">The route's client.</param>
    /// <param name="store">Where spend and reservations are kept.</param>
    /// <param name="settings">The limits and the alert threshold.</param>
    /// <param name="catalog">Prices.</param>
    /// <param name="estimators">Token estimates and upper bounds per model.</param>
    /// <param name="targets">Every model the route may send to; the reservation covers the most expensive.</param>
    /// <param name="fallback">The cheaper route used when the request does not fit, if any.</param>
    /// <param name="scope">Whose budget (<see cref="SqliteBudgetStore.GlobalScope"/>, or a gateway key).</param>
    /// <param name="timeProvider">The clock that decides the day and month.</param>
    public BudgetGuardChatClient(
        IChatClient innerClient, IBudgetStore store, BudgetSettings settings, ModelCatalog catalog, ITokenEstimatorSource estimators,
        IReadOnlyList<ModelId> targets, BudgetFallback? fallback = null, string scope = SqliteBudgetStore.GlobalScope, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(estimators);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        _store = store;
        _settings = settings;
        _catalog = catalog;
        _estimators = estimators;
        _targets = targets;
        _fallback = fallback;
        _scope = scope;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised, once per period and process, when spend crosses <see cref="BudgetSettings.AlertAt"/> of a limit.</summary>
    public event EventHandler<BudgetAlert>? Alert;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var admitted = await AdmitAsync(messageList, options, cancellationToken).ConfigureAwait(false);
        var spend = new UsageAccumulator(admitted.Targets[0]);
        try
        {
            var response = await admitted.Client.GetResponseAsync(messageList, options, cancellationToken).ConfigureAwait(false);
            spend.Observe(response);
            return response;
        }
        finally
        {
            await SettleAsync(admitted.Reservation, spend, messageList, options).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var admitted = await AdmitAsync(messageList, options, cancellationToken).ConfigureAwait(false);
        var spend = new UsageAccumulator(admitted.Targets[0]);
        try
        {
            await foreach (var update in admitted.Client.GetStreamingResponseAsync(messageList, options, cancellationToken).ConfigureAwait(false))
            {
                spend.Observe(update);
                yield return update;
            }
        }
        finally
        {
            await SettleAsync(admitted.Reservation, spend, messageList, options).ConfigureAwait(false);
        }
    }

    /// <summary>The most a request can cost on any of <paramref name="targets"/>; null when none of them has a price.</summary>
    public decimal? WorstCaseCost(IReadOnlyList<ModelId> targets, IReadOnlyCollection<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(targets);
        decimal? worst = null;
        foreach (var target in targets)
        {
            var info = _catalog.Find(target);
            if (info is null || (info.Pricing is null && !info.Free))
            {
                continue;
            }

            var input = _estimators.GetUpperBound(target).EstimateInput(messages, options);
            var output = options?.MaxOutputTokens ?? info.MaxOutputTokens ?? DefaultMaxOutputTokens;
            var cost = CostCalculator.Calculate(info, new UsageDetails { InputTokenCount = input, OutputTokenCount = output }).TotalUsd ?? 0m;
            worst = worst is null ? cost : Math.Max(worst.Value, cost);
        }

        return worst;
    }

    private async Task<Admitted> AdmitAsync(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        // An unpriced route cannot be bounded; it is admitted with nothing held (its calls are flagged unpriced in the ledger).
        var admission = await ReserveAsync(WorstCaseCost(_targets, messages, options) ?? 0m, cancellationToken).ConfigureAwait(false);
        if (admission.Reservation is { } reservation)
        {
            return new Admitted(InnerClient, _targets, reservation);
        }

        if (_fallback is { } fallback)
        {
            var cheaper = await ReserveAsync(WorstCaseCost(fallback.Targets, messages, options) ?? 0m, cancellationToken).ConfigureAwait(false);
            if (cheaper.Reservation is { } fallbackReservation)
            {
                RequestObserver.Current?.BudgetFallback(fallback.Targets[0], admission.Refusal!);
                return new Admitted(fallback.Client, fallback.Targets, fallbackReservation);
            }
        }

        throw admission.Refusal!;
    }

    private Task<BudgetAdmission> ReserveAsync(decimal amount, CancellationToken cancellationToken) =>
        _store.TryReserveAsync(new BudgetRequest(_scope, amount, _settings.DailyUsd, _settings.MonthlyUsd, _time.GetUtcNow()), cancellationToken);

    private async Task SettleAsync(BudgetReservation reservation, UsageAccumulator spend, IReadOnlyCollection<ChatMessage> messages, ChatOptions? options)
    {
        // Nothing produced: $0, whatever was held (three 429s cost nothing). A cut answer: its estimated cost.
        var usage = spend.Complete(_estimators.GetEstimator(spend.ServedBy), messages, options, out _);
        var actual = usage is null ? 0m : CostCalculator.Calculate(_catalog.Find(spend.ServedBy), usage).TotalUsd ?? 0m;
        var status = await _store.SettleAsync(reservation, actual, _time.GetUtcNow()).ConfigureAwait(false);
        RaiseAlerts(status);
    }

    private void RaiseAlerts(BudgetStatus status)
    {
        var now = _time.GetUtcNow();
        var alerts = new List<BudgetAlert>(2);
        lock (_alertLock)
        {
            if (_settings.DailyUsd is { } day && status.SpentToday >= day * (decimal)_settings.AlertAt && _alertedPeriods.Add(BudgetPeriods.Day(now)))
            {
                alerts.Add(new BudgetAlert("daily", status.SpentToday, day));
            }

            if (_settings.MonthlyUsd is { } month && status.SpentThisMonth >= month * (decimal)_settings.AlertAt && _alertedPeriods.Add(BudgetPeriods.Month(now)))
            {
                alerts.Add(new BudgetAlert("monthly", status.SpentThisMonth, month));
            }
        }

        foreach (var alert in alerts)
        {
            Alert?.Invoke(this, alert);
        }
    }

    private sealed record Admitted(IChatClient Client, IReadOnlyList<ModelId> Targets, BudgetReservation Reservation);
}
