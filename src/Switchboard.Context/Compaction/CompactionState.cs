using System.Globalization;
using Microsoft.Extensions.AI;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary>
/// One request being compacted: the caller's messages, what stands in for which (a summary, a note of dropped turns,
/// shortened tool results) and the resulting count. The caller's list and messages are never changed.
/// </summary>
internal sealed class CompactionState
{
    private readonly IReadOnlyList<ChatMessage> _messages;
    private readonly ChatTokenCounter _counter;
    private readonly ChatOptions? _options;
    private readonly List<ConversationUnit> _units;
    private readonly ConversationUnit?[] _unitOf;
    private readonly ChatMessage?[] _replacements;
    private readonly HashSet<ConversationUnit> _dropped = [];
    private ChatMessage? _summaryMessage;
    private int _summarized;
    private int _shrunk;

    public CompactionState(IReadOnlyList<ChatMessage> messages, ChatTokenCounter counter, ChatOptions? options)
    {
        _messages = messages;
        _counter = counter;
        _options = options;
        _units = ConversationUnit.Group(messages);
        _unitOf = new ConversationUnit?[messages.Count];
        _replacements = new ChatMessage?[messages.Count];
        foreach (var unit in _units)
        {
            foreach (var index in unit.Indices)
            {
                _unitOf[index] = unit;
            }
        }
    }

    /// <summary>The summary standing in for the oldest turns, if any.</summary>
    public ContextSummary? Summary { get; private set; }

    public int SummarizerCalls { get; set; }

    public string? SummarizerError { get; set; }

    /// <summary>The request's tokens as it stands.</summary>
    public long Total() => _counter.CountMessages(Build()) + _counter.CountOptions(_options);

    /// <summary>Tokens of a unit as it stands (shortened results counted short).</summary>
    public long TokensOf(ConversationUnit unit) => MessagesOf(unit).Sum(m => _counter.CountMessage(m).Total);

    /// <summary>A unit's messages as they stand.</summary>
    public IEnumerable<ChatMessage> MessagesOf(ConversationUnit unit) => unit.Indices.Select(i => _replacements[i] ?? _messages[i]);

    /// <summary>
    /// The units that may be shortened, summarized or dropped, oldest first: neither pinned, covered nor dropped,
    /// and older than the recent turns (the latest turn whatever its size, then earlier units up to
    /// <paramref name="keepRecentTokens"/>). With <paramref name="includeAllButLast"/>, when there are none, every
    /// such unit but the last.
    /// </summary>
    public List<ConversationUnit> OlderUnits(long keepRecentTokens, bool includeAllButLast)
    {
        var remaining = RemainingUnits();
        if (remaining.Count == 0)
        {
            return [];
        }

        // The latest turn (from the user's last message on, tool loop included) is always recent.
        var recentStart = remaining.FindLastIndex(u => u.Indices.Any(i => IsUserTurnStart(_messages[i])));
        if (recentStart < 0)
        {
            recentStart = remaining.Count - 1;
        }

        var recentTokens = remaining.Skip(recentStart).Sum(TokensOf);
        while (recentStart > 0)
        {
            var tokens = TokensOf(remaining[recentStart - 1]);
            if (recentTokens + tokens > keepRecentTokens)
            {
                break;
            }

            recentTokens += tokens;
            recentStart--;
        }

        var older = remaining.Take(recentStart).Where(u => !u.Pinned).ToList();
        return older.Count == 0 && includeAllButLast ? remaining.Take(remaining.Count - 1).Where(u => !u.Pinned).ToList() : older;
    }

    /// <summary>Units still sent (not covered by the summary, not dropped), pinned ones included, oldest first.</summary>
    public List<ConversationUnit> RemainingUnits() => _units.Where(u => !IsCovered(u) && !_dropped.Contains(u)).ToList();

    /// <summary>Cuts the unit's oversized tool results (pinned units are left as they are).</summary>
    public void Shrink(ConversationUnit unit, ToolResultShrinker shrinker, long maxTokens)
    {
        if (unit.Pinned)
        {
            return;
        }

        foreach (var index in unit.Indices)
        {
            var current = _replacements[index] ?? _messages[index];
            var (shrunk, cut) = shrinker.Shrink(current, maxTokens);
            if (cut > 0)
            {
                _replacements[index] = shrunk;
                _shrunk++;
            }
        }
    }

    /// <summary>Leaves the unit out (the note in its place says so).</summary>
    public void Drop(ConversationUnit unit)
    {
        if (!unit.Pinned)
        {
            _dropped.Add(unit);
        }
    }

    /// <summary>Lets <paramref name="summary"/> stand in for the units it covers; <paramref name="reused"/> when it was stored by an earlier request.</summary>
    public void ApplySummary(ContextSummary summary, bool reused)
    {
        if (!reused)
        {
            _summarized += _units.Where(u => !u.Pinned && u.NonSystemEnd <= summary.CoveredMessages && !IsCovered(u)).Sum(u => u.Indices.Count);
        }

        // Units dropped earlier in this request and now covered are summarized, not dropped.
        _dropped.RemoveWhere(u => u.NonSystemEnd <= summary.CoveredMessages);
        Summary = summary;
        _summaryMessage = new ChatMessage(ChatRole.System, string.Create(CultureInfo.InvariantCulture,
            $"Summary of the earlier conversation ({summary.CoveredMessages:N0} messages, condensed to fit the context window):\n\n{summary.Text}"))
        {
            AdditionalProperties = new() { [ContextMessages.SummaryKey] = summary.CoveredMessages },
        };
    }

    /// <summary>The request's messages as they stand.</summary>
    public List<ChatMessage> Build()
    {
        var result = new List<ChatMessage>(_messages.Count + 2);
        var summaryPlaced = false;
        var notePlaced = false;
        for (var i = 0; i < _messages.Count; i++)
        {
            var unit = _unitOf[i];
            if (unit is null)
            {
                result.Add(_messages[i]);
            }
            else if (IsCovered(unit))
            {
                if (!summaryPlaced)
                {
                    result.Add(_summaryMessage!);
                    summaryPlaced = true;
                }
            }
            else if (_dropped.Contains(unit))
            {
                if (!notePlaced)
                {
                    result.Add(DroppedNote());
                    notePlaced = true;
                }
            }
            else
            {
                result.Add(_replacements[i] ?? _messages[i]);
            }
        }

        return result;
    }

    public ContextReduction ToReduction(ContextLimits limits)
    {
        var changed = Summary is not null || _dropped.Count > 0 || _shrunk > 0;
        IReadOnlyList<ChatMessage> messages = changed ? Build().AsReadOnly() : _messages;
        long system = 0, summary = 0, history = _counter.Framing.ReplyPriming, media = 0;
        foreach (var message in messages)
        {
            var tokens = _counter.CountMessage(message);
            media += tokens.Media;
            if (ContextMessages.IsWrittenByReducer(message))
            {
                summary += tokens.Total - tokens.Media;
            }
            else if (message.Role == ChatRole.System)
            {
                system += tokens.Total - tokens.Media;
            }
            else
            {
                history += tokens.Total - tokens.Media;
            }
        }

        var tools = _counter.CountTools(_options?.Tools);
        system += _counter.CountOptions(_options) - tools;
        var breakdown = new ContextBreakdown(system, summary, history, tools, media);
        var (uncalibratedText, uncalibratedMedia) = _counter.CountUncalibrated(messages, _options);
        var usage = new ContextUsage
        {
            UsedTokens = breakdown.Total,
            Window = limits.Window,
            ReservedOutputTokens = limits.ReservedOutputTokens,
            CompactionThreshold = limits.Threshold,
            SummaryApplied = Summary is not null,
            MessagesSummarized = _summarized,
            MessagesCoveredBySummary = Summary is null ? 0 : _units.Where(IsCovered).Sum(u => u.Indices.Count),
            MessagesDropped = _dropped.Sum(u => u.Indices.Count),
            ToolResultsShrunk = _shrunk,
            SummarizerCalls = SummarizerCalls,
            SummarizerError = SummarizerError,
            IsExact = _counter.IsExact,
            Breakdown = breakdown,
        };
        return new ContextReduction(messages, usage, uncalibratedText, uncalibratedMedia);
    }

    private static bool IsUserTurnStart(ChatMessage message) =>
        message.Role == ChatRole.User && !message.Contents.Any(c => c is FunctionResultContent);

    private bool IsCovered(ConversationUnit unit) => Summary is { } summary && !unit.Pinned && unit.NonSystemEnd <= summary.CoveredMessages;

    private ChatMessage DroppedNote()
    {
        var messages = _dropped.SelectMany(u => u.Indices).Select(i => _messages[i]).ToList();
        var users = messages.Count(m => m.Role == ChatRole.User);
        var results = messages.Count(m => m.Contents.Any(c => c is FunctionResultContent));
        var assistant = messages.Count(m => m.Role == ChatRole.Assistant);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"[{messages.Count:N0} earlier messages of this conversation ({users:N0} from the user, {assistant:N0} from the assistant, {results:N0} tool results) were left out to fit the context window; they are not visible to you.]");
        return new ChatMessage(ChatRole.System, note)
        {
            AdditionalProperties = new() { [ContextMessages.DroppedKey] = messages.Count },
        };
    }
}
