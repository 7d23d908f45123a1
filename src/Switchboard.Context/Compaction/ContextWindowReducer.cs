using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary>
/// Keeps a conversation inside a model's context window. When a request would use more than
/// <see cref="ContextWindowOptions.AutoCompactAt"/> of the window it applies, in order, until the request fits:
/// (1) older turns' oversized tool results are cut to head and tail; (2) the oldest turns are folded into a running
/// summary by the summarizer client (incrementally: the previous summary plus the next turns, never the whole
/// history again), stored so later turns reuse it; (3) without a summarizer, or when it fails, a sliding window
/// leaves the oldest turns out and says so. The system prompt, pinned messages, the most recent
/// <see cref="ContextWindowOptions.KeepRecentTokens"/> of turns and every tool call with its results are kept intact.
/// </summary>
/// <remarks>
/// Usable on its own as Microsoft.Extensions.AI's <see cref="IChatReducer"/> (with <c>UseChatReducer</c>); the
/// <see cref="ContextWindowChatClient"/> adds what that interface cannot carry: tool definitions in the count, the
/// request's output cap, and the meter on the response.
/// </remarks>
public sealed partial class ContextWindowReducer : IChatReducer
{
    /// <summary>Tokens set aside for the note that says how many turns were dropped (about 50 with its framing).</summary>
    private const long DroppedNoteAllowance = 64;

    private readonly ContextWindowOptions _options;
    private readonly IncrementalSummarizer? _summarizer;
    private readonly IContextSummaryStore _summaries;
    private readonly MessageFingerprint _fingerprint;
    private readonly ToolResultShrinker _shrinker;
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="counter">Counts requests for the model behind this reducer.</param>
    /// <param name="options">Window, reserve and policy; validated here.</param>
    /// <param name="summarizer">The (cheaper) model that writes summaries; null for the sliding window only.</param>
    /// <param name="summaries">Where summaries are kept (the conversation store); in memory when null.</param>
    /// <param name="jsonOptions">Serializes tool arguments and results; <see cref="AIJsonUtilities.DefaultOptions"/> when null.</param>
    /// <param name="logger">Reports compactions and summarizer failures.</param>
    /// <param name="timeProvider">Stamps summaries.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the exception).</exception>
    public ContextWindowReducer(
        ChatTokenCounter counter,
        ContextWindowOptions options,
        IChatClient? summarizer = null,
        IContextSummaryStore? summaries = null,
        JsonSerializerOptions? jsonOptions = null,
        ILogger<ContextWindowReducer>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Counter = counter;
        _options = options;
        _summarizer = summarizer is null ? null : new IncrementalSummarizer(summarizer);
        _summaries = summaries ?? new InMemoryContextSummaryStore();
        _jsonOptions = jsonOptions ?? AIJsonUtilities.DefaultOptions;
        _fingerprint = new MessageFingerprint(_jsonOptions);
        _shrinker = new ToolResultShrinker(counter, _jsonOptions);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Counts requests for the model behind this reducer.</summary>
    public ChatTokenCounter Counter { get; }

    /// <summary>Whether a summarizer was given (otherwise compaction is the sliding window).</summary>
    public bool CanSummarize => _summarizer is not null;

    /// <inheritdoc />
    async Task<IEnumerable<ChatMessage>> IChatReducer.ReduceAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken) =>
        (await ReduceAsync(messages, null, cancellationToken).ConfigureAwait(false)).Messages;

    /// <summary>
    /// The request to send for <paramref name="messages"/>: with the stored summary (if any) in place of the turns it
    /// covers, as it is otherwise when it fits, compacted when it does not.
    /// </summary>
    /// <exception cref="ContextWindowExceededException">Even what must be kept does not fit.</exception>
    public Task<ContextReduction> ReduceAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(messages, options, CompactionMode.WhenNeeded, cancellationToken);

    /// <summary>
    /// Compacts now, whatever the size (<c>/compact</c>): everything older than the recent turns is summarized (or
    /// dropped without a summarizer). The summary is stored, so the next request reuses it.
    /// </summary>
    public Task<ContextReduction> CompactAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(messages, options, CompactionMode.Forced, cancellationToken);

    /// <summary>
    /// What the next request would use, with its breakdown (<c>/context</c>): a stored summary is applied and old tool
    /// results cut as a request would, but no summarizer is called and nothing is dropped.
    /// </summary>
    public async Task<ContextUsage> MeasureAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        (await RunAsync(messages, options, CompactionMode.MeasureOnly, cancellationToken).ConfigureAwait(false)).Usage;

    private async Task<ContextReduction> RunAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, CompactionMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var limits = _options.LimitsFor(chatOptions?.MaxOutputTokens);
        var state = new CompactionState(list, Counter, chatOptions);

        // A stored summary stands in for the turns it covers from then on, whether or not the rest would fit: a
        // conversation compacted once (by /compact, or on a model with a smaller window) stays compacted, and its
        // prompt prefix stays stable for provider caches.
        var keys = _fingerprint.PrefixKeys(list);
        if (keys.Count > 0 && await _summaries.FindAsync([.. keys.Reverse()], cancellationToken).ConfigureAwait(false) is { } stored
            && stored.CoveredMessages <= keys.Count && keys[stored.CoveredMessages - 1] == stored.PrefixKey)
        {
            state.ApplySummary(stored, reused: true);
        }

        if (mode != CompactionMode.Forced && state.Total() <= limits.Threshold)
        {
            return state.ToReduction(limits);
        }

        // (1) Old tool results cut to head and tail: cheap, deterministic, and often enough.
        foreach (var unit in state.OlderUnits(limits.KeepRecentTokens, includeAllButLast: false))
        {
            state.Shrink(unit, _shrinker, limits.MaxToolResultTokens);
        }

        if (mode == CompactionMode.MeasureOnly || (mode == CompactionMode.WhenNeeded && state.Total() <= limits.Threshold))
        {
            return state.ToReduction(limits);
        }

        // (2) The oldest turns folded into the running summary.
        var older = state.OlderUnits(limits.KeepRecentTokens, includeAllButLast: mode == CompactionMode.Forced);
        if (_summarizer is not null && older.Count > 0)
        {
            try
            {
                await FoldAsync(state, older, keys, limits, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A summarizer that is down must not stop the conversation: the sliding window takes over.
                state.SummarizerError = ex.Message;
                LogSummarizerFailed(_logger, ex, ex.Message);
            }
        }

        // (3) The sliding window over what is still older than the recent turns.
        // The running total is kept by subtraction (a long conversation would otherwise be counted once per dropped
        // unit), with room for the note that replaces the dropped turns.
        var target = mode == CompactionMode.Forced ? 0 : limits.Threshold;
        var estimate = state.Total() + DroppedNoteAllowance;
        foreach (var unit in state.OlderUnits(limits.KeepRecentTokens, includeAllButLast: mode == CompactionMode.Forced))
        {
            if (estimate <= target || (_summarizer is not null && state.SummarizerError is null))
            {
                break;
            }

            estimate -= state.TokensOf(unit);
            state.Drop(unit);
        }

        // The window is a hard limit: past it, recent turns are shortened and then left out, all but the latest.
        if (state.Total() > limits.Budget)
        {
            foreach (var unit in state.RemainingUnits())
            {
                state.Shrink(unit, _shrinker, limits.MaxToolResultTokens);
            }

            var remaining = state.RemainingUnits();
            for (var i = 0; i < remaining.Count - 1 && state.Total() > limits.Budget; i++)
            {
                state.Drop(remaining[i]);
            }
        }

        var reduction = state.ToReduction(limits);
        if (reduction.Usage.UsedTokens > limits.Budget)
        {
            throw new ContextWindowExceededException(reduction.Usage.UsedTokens, limits.Budget, limits.Window,
                string.Create(CultureInfo.InvariantCulture,
                    $"the system prompt ({reduction.Usage.Breakdown.System:N0}), tool definitions ({reduction.Usage.Breakdown.Tools:N0}), pinned messages and the latest turn cannot be left out."));
        }

        LogCompacted(_logger, reduction.Usage.UsedTokens, limits.Window, reduction.Usage.MessagesSummarized,
            reduction.Usage.MessagesDropped, reduction.Usage.ToolResultsShrunk);
        return reduction;
    }

    private async Task FoldAsync(CompactionState state, List<ConversationUnit> older, IReadOnlyList<string> keys, ContextLimits limits, CancellationToken cancellationToken)
    {
        var promptTokens = Counter.CountText(_options.SummaryPrompt) + 64;
        var next = 0;
        while (next < older.Count)
        {
            var previous = state.Summary;
            var room = limits.SummarizerInputTokens - promptTokens - limits.MaxSummaryTokens - (previous is null ? 0 : Counter.CountText(previous.Text));
            if (room < 256)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The summarizer's input limit ({limits.SummarizerInputTokens:N0} tokens) leaves no room for conversation beside the prompt and the previous summary."));
            }

            // As many whole units as fit the summarizer's input; a single larger one is cut to fit.
            var chunk = new List<ConversationUnit>();
            long chunkTokens = 0;
            while (next < older.Count)
            {
                var tokens = state.TokensOf(older[next]);
                if (chunk.Count > 0 && chunkTokens + tokens > room)
                {
                    break;
                }

                chunk.Add(older[next++]);
                chunkTokens += tokens;
            }

            var transcript = ConversationTranscript.Render(chunk.SelectMany(state.MessagesOf), _jsonOptions);
            transcript = _shrinker.CutMiddle(transcript, room, "part of the conversation", out _);
            var text = await _summarizer!.FoldAsync(_options.SummaryPrompt, previous?.Text, transcript, limits.MaxSummaryTokens, cancellationToken).ConfigureAwait(false);
            var covered = chunk[^1].NonSystemEnd;
            var summary = new ContextSummary(keys[covered - 1], covered, text, (previous?.Folds ?? 0) + 1, _time.GetUtcNow());

            // Saved after every fold: a failure in a later fold, or a killed process, keeps what was already paid for.
            await _summaries.SaveAsync(summary, cancellationToken).ConfigureAwait(false);
            state.ApplySummary(summary, reused: false);
            state.SummarizerCalls++;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Context compacted to {UsedTokens} of {Window} tokens: {Summarized} messages summarized, {Dropped} dropped, {Shrunk} tool results shortened.")]
    private static partial void LogCompacted(ILogger logger, long usedTokens, long window, int summarized, int dropped, int shrunk);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "The summarizer failed ({Reason}); the oldest turns are dropped instead.")]
    private static partial void LogSummarizerFailed(ILogger logger, Exception exception, string reason);

    private enum CompactionMode
    {
        WhenNeeded,
        Forced,
        MeasureOnly,
    }
}
