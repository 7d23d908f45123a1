using Microsoft.Extensions.AI;

namespace Switchboard.Context.Compaction;

/// <summary>The messages to send and what the reducer did to get them.</summary>
public sealed class ContextReduction
{
    internal ContextReduction(IReadOnlyList<ChatMessage> messages, ContextUsage usage, long uncalibratedText, long media)
    {
        Messages = messages;
        Usage = usage;
        UncalibratedTextTokens = uncalibratedText;
        MediaTokens = media;
    }

    /// <summary>The request's messages: the caller's, or a compacted list (the caller's list is never changed).</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>The meter.</summary>
    public ContextUsage Usage { get; }

    /// <summary>The text share of the estimate before calibration: one half of a calibration sample.</summary>
    internal long UncalibratedTextTokens { get; }

    /// <summary>Images and files, which calibration does not scale.</summary>
    internal long MediaTokens { get; }
}
