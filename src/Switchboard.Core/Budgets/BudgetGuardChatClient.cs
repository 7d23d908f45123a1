using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Models;

namespace Switchboard.Core.Budgets;

/// <summary>
/// Admits a request only if its worst-case cost fits the budget, else sends it to the configured cheaper model
/// or refuses it with <see cref="BudgetExceededException"/> before anything is sent. The worst case is an upper
/// bound: every prompt byte counted as a token (no tokenizer makes fewer bytes than tokens) plus the full output
/// allowance, so concurrent requests cannot overspend.
/// </summary>
public sealed class BudgetGuardChatClient : DelegatingChatClient
{
    /// <summary>Output allowance when neither the request nor the catalog gives one.</summary>
    private const int DefaultMaxOutputTokens = 4096;

    private readonly BudgetTracker _tracker;
    private readonly ModelCatalog _catalog;
    private readonly ModelId _model;
    private readonly (ModelId Model, IChatClient Client)? _fallback;

    public BudgetGuardChatClient(IChatClient innerClient, BudgetTracker tracker, ModelCatalog catalog, ModelId model, (ModelId Model, IChatClient Client)? fallback = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(catalog);
        _tracker = tracker;
        _catalog = catalog;
        _model = model;
        _fallback = fallback;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var (client, model, reservation) = Admit(messageList, options);
        ChatResponse? response = null;
        try
        {
            response = await client.GetResponseAsync(messageList, options, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            _tracker.Settle(reservation, ActualCost(model, response?.Usage, response?.AdditionalProperties));
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var (client, model, reservation) = Admit(messageList, options);
        UsageDetails? usage = null;
        AdditionalPropertiesDictionary? properties = null;
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(messageList, options, cancellationToken).ConfigureAwait(false))
            {
                foreach (var content in update.Contents.OfType<UsageContent>())
                {
                    (usage ??= new UsageDetails()).Add(content.Details);
                }

                if (update.AdditionalProperties is { } p && p.ContainsKey(SwitchboardProperties.ServedBy))
                {
                    properties = p;
                }

                yield return update;
            }
        }
        finally
        {
            _tracker.Settle(reservation, ActualCost(model, usage, properties));
        }
    }

    /// <summary>The worst-case cost of a request on <paramref name="model"/>, or null when the model has no price.</summary>
    public decimal? WorstCaseCost(ModelId model, IReadOnlyCollection<ChatMessage> messages, ChatOptions? options)
    {
        var info = _catalog.Find(model);
        if (info is null || (info.Pricing is null && !info.Free))
        {
            return null;
        }

        var promptBytes = Encoding.UTF8.GetByteCount(options?.Instructions ?? "") + messages.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Text));
        var maxOutput = options?.MaxOutputTokens ?? info.MaxOutputTokens ?? DefaultMaxOutputTokens;
        return CostCalculator.Calculate(info, new UsageDetails { InputTokenCount = promptBytes, OutputTokenCount = maxOutput }).TotalUsd;
    }

    private (IChatClient Client, ModelId Model, BudgetReservation Reservation) Admit(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options)
    {
        // An unpriced model cannot be bounded; it is admitted with nothing held (its calls are flagged unpriced in the ledger).
        if (_tracker.TryReserve(WorstCaseCost(_model, messages, options) ?? 0m, out var reservation, out var refusal))
        {
            return (InnerClient, _model, reservation!);
        }

        if (_fallback is { } fallback
            && _tracker.TryReserve(WorstCaseCost(fallback.Model, messages, options) ?? 0m, out var fallbackReservation, out _))
        {
            return (fallback.Client, fallback.Model, fallbackReservation!);
        }

        throw refusal!;
    }

    private decimal? ActualCost(ModelId model, UsageDetails? usage, AdditionalPropertiesDictionary? properties)
    {
        if (usage is null)
        {
            return null;
        }

        var served = properties?.TryGetValue(SwitchboardProperties.ServedBy, out var s) == true && s is string name ? ModelId.Parse(name) : model;
        return CostCalculator.Calculate(_catalog.Find(served), usage).TotalUsd;
    }
}
