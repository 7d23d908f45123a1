using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary>
/// Fits every request into the model's context window with a <see cref="ContextWindowReducer"/> and reports what
/// it used: the <see cref="ContextUsage"/> goes into the response's (and the first streamed update's)
/// <c>AdditionalProperties</c> under <see cref="UsagePropertyName"/> and to <see cref="ContextMeasured"/>. When the
/// model's counter is calibrated, the input tokens the provider reports are recorded against the estimate.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.AI's <c>ReducingChatClient</c> hands its reducer only the messages; this client also counts
/// the request's tool definitions and honours its output cap, which a reducer behind that interface cannot see.
/// </remarks>
public sealed class ContextWindowChatClient : DelegatingChatClient
{
    /// <summary>The key of the <see cref="ContextUsage"/> in a response's <c>AdditionalProperties</c>.</summary>
    public const string UsagePropertyName = "switchboard_context_usage";

    public ContextWindowChatClient(IChatClient innerClient, ContextWindowReducer reducer)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        Reducer = reducer;
    }

    /// <summary>Raised for every request once it is measured (before it is sent), for a meter.</summary>
    public event EventHandler<ContextUsage>? ContextMeasured;

    /// <summary>The reducer; <c>/compact</c> and <c>/context</c> reach it through <see cref="CompactAsync"/> and <see cref="MeasureAsync"/>.</summary>
    public ContextWindowReducer Reducer { get; }

    /// <inheritdoc cref="ContextWindowReducer.CompactAsync"/>
    public Task<ContextReduction> CompactAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Reducer.CompactAsync(messages, options, cancellationToken);

    /// <inheritdoc cref="ContextWindowReducer.MeasureAsync"/>
    public Task<ContextUsage> MeasureAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Reducer.MeasureAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reduction = await Reducer.ReduceAsync(messages, options, cancellationToken).ConfigureAwait(false);
        ContextMeasured?.Invoke(this, reduction.Usage);
        var response = await base.GetResponseAsync(reduction.Messages, options, cancellationToken).ConfigureAwait(false);
        (response.AdditionalProperties ??= [])[UsagePropertyName] = reduction.Usage;
        Calibrate(reduction, response.Usage, response.AdditionalProperties);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reduction = await Reducer.ReduceAsync(messages, options, cancellationToken).ConfigureAwait(false);
        ContextMeasured?.Invoke(this, reduction.Usage);
        var first = true;
        UsageDetails? usage = null;
        AdditionalPropertiesDictionary? properties = null;
        await foreach (var update in base.GetStreamingResponseAsync(reduction.Messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (first)
            {
                (update.AdditionalProperties ??= [])[UsagePropertyName] = reduction.Usage;
                first = false;
            }

            foreach (var content in update.Contents)
            {
                if (content is UsageContent reported)
                {
                    // Streamed usage arrives in parts (Anthropic: input first, output last); parts add up.
                    (usage ??= new UsageDetails()).Add(reported.Details);
                }
            }

            if (update.AdditionalProperties is { } updateProperties)
            {
                properties ??= [];
                foreach (var (key, value) in updateProperties)
                {
                    properties[key] = value;
                }
            }

            yield return update;
        }

        Calibrate(reduction, usage, properties);
    }

    private void Calibrate(ContextReduction reduction, UsageDetails? usage, AdditionalPropertiesDictionary? responseProperties)
    {
        if (Reducer.Counter.TextCounter is not CalibratedTokenCounter calibrated
            || usage?.InputTokenCount is not { } reported
            || reduction.UncalibratedTextTokens <= 0)
        {
            return;
        }

        // Behind a route with fallbacks another model may have answered; its count says nothing about this one.
        if (responseProperties?.TryGetValue(SwitchboardProperties.ServedBy, out var servedBy) == true
            && servedBy?.ToString() is { } served && !string.Equals(served, calibrated.Model, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var reportedText = reported - reduction.MediaTokens;
        if (reportedText > 0)
        {
            calibrated.Calibration.Record(calibrated.Model, reduction.UncalibratedTextTokens, reportedText);
        }
    }
}
