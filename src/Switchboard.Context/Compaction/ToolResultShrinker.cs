using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Compaction;

/// <summary>
/// Cuts oversized tool results to their head and tail with a note of what was cut: the start of a listing or a log
/// and its end (where errors and totals are) are what a later turn most often needs. The caller's message is never
/// changed; the shortened copy is made once per message and limit.
/// </summary>
internal sealed class ToolResultShrinker
{
    private const double HeadShare = 0.6;

    /// <summary>Tokens set aside for the note in the middle.</summary>
    private const long NoteTokens = 48;

    private readonly ConditionalWeakTable<ChatMessage, ShrunkMessage> _cache = [];
    private readonly ChatTokenCounter _counter;
    private readonly JsonSerializerOptions _jsonOptions;

    public ToolResultShrinker(ChatTokenCounter counter, JsonSerializerOptions jsonOptions)
    {
        _counter = counter;
        _jsonOptions = jsonOptions;
    }

    /// <summary>
    /// <paramref name="message"/> with each tool result over <paramref name="maxTokens"/> cut to fit, and the tokens
    /// cut; the message itself (and 0) when nothing is over.
    /// </summary>
    public (ChatMessage Message, long CutTokens) Shrink(ChatMessage message, long maxTokens)
    {
        if (_cache.TryGetValue(message, out var cached) && cached.MaxTokens == maxTokens && cached.ContentCount == message.Contents.Count)
        {
            return (cached.Message, cached.CutTokens);
        }

        var result = Compute(message, maxTokens);
        _cache.AddOrUpdate(message, new ShrunkMessage(maxTokens, message.Contents.Count, result.Message, result.CutTokens));
        return result;
    }

    /// <summary>
    /// <paramref name="text"/> cut to about <paramref name="maxTokens"/>: head, a note naming what was cut, tail.
    /// Returns the text itself when it fits.
    /// </summary>
    public string CutMiddle(string text, long maxTokens, string what, out long cutTokens)
    {
        var total = _counter.CountText(text);
        cutTokens = 0;
        if (total <= maxTokens)
        {
            return text;
        }

        var keep = Math.Max(16, maxTokens - NoteTokens);
        var fraction = (double)keep / total;
        var cut = text;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var headLength = AtLineBreak(text, (int)(text.Length * fraction * HeadShare), backward: true);
            var tailStart = AtLineBreak(text, text.Length - (int)(text.Length * fraction * (1 - HeadShare)), backward: false);
            if (tailStart <= headLength)
            {
                tailStart = headLength;
            }

            var head = text[..headLength];
            var tail = text[tailStart..];
            var keptTokens = _counter.CountText(head) + _counter.CountText(tail);
            cutTokens = Math.Max(0, total - keptTokens);
            var note = string.Create(CultureInfo.InvariantCulture,
                $"\n[… {cutTokens:N0} of {total:N0} tokens ({tailStart - headLength:N0} characters) were cut from the middle of this {what} to fit the context window; its first {head.Length:N0} and last {tail.Length:N0} characters are kept …]\n");
            cut = head + note + tail;
            var length = _counter.CountText(cut);
            if (length <= maxTokens)
            {
                break;
            }

            // Token density differs along the text (code, then prose); aim lower and try again.
            fraction *= 0.95 * maxTokens / length;
        }

        return cut;
    }

    private (ChatMessage Message, long CutTokens) Compute(ChatMessage message, long maxTokens)
    {
        List<AIContent>? contents = null;
        long cutTotal = 0;
        for (var i = 0; i < message.Contents.Count; i++)
        {
            if (message.Contents[i] is not FunctionResultContent result)
            {
                continue;
            }

            var text = ContentText.ResultText(result.Result, _jsonOptions);
            var shortened = CutMiddle(text, maxTokens, "tool result", out var cut);
            if (cut == 0)
            {
                continue;
            }

            contents ??= [.. message.Contents];
            contents[i] = new FunctionResultContent(result.CallId, shortened)
            {
                Exception = result.Exception,
                AdditionalProperties = result.AdditionalProperties,
            };
            cutTotal += cut;
        }

        if (contents is null)
        {
            return (message, 0);
        }

        var properties = message.AdditionalProperties is null ? new AdditionalPropertiesDictionary() : new AdditionalPropertiesDictionary(message.AdditionalProperties);
        properties[ContextMessages.ShrunkKey] = cutTotal;
        return (new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            CreatedAt = message.CreatedAt,
            AdditionalProperties = properties,
        }, cutTotal);
    }

    // Cut at a line break within 200 characters when there is one, never inside a surrogate pair.
    private static int AtLineBreak(string text, int index, bool backward)
    {
        index = Math.Clamp(index, 0, text.Length);
        var limit = backward ? Math.Max(0, index - 200) : Math.Min(text.Length, index + 200);
        var lineBreak = backward ? text.LastIndexOf('\n', Math.Max(0, index - 1), index - limit) : text.IndexOf('\n', index, limit - index);
        if (lineBreak >= 0 && index > 0 && index < text.Length)
        {
            index = backward ? lineBreak + 1 : lineBreak + 1;
        }

        if (index > 0 && index < text.Length && char.IsLowSurrogate(text[index]))
        {
            index--;
        }

        return index;
    }

    private sealed record ShrunkMessage(long MaxTokens, int ContentCount, ChatMessage Message, long CutTokens);
}
