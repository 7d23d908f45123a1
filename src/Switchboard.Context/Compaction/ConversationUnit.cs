using Microsoft.Extensions.AI;

namespace Switchboard.Context.Compaction;

/// <summary>
/// The smallest run of non-system messages that may be left out or summarized as one: a single message, or a tool
/// call together with every result answering it (providers reject a call without its result, or a result without
/// its call).
/// </summary>
internal sealed class ConversationUnit
{
    /// <summary>Indices into the request's message list.</summary>
    public List<int> Indices { get; } = [];

    /// <summary>A pinned message pins its whole unit.</summary>
    public bool Pinned { get; set; }

    /// <summary>How many non-system messages the conversation has up to and including this unit.</summary>
    public int NonSystemEnd { get; set; }

    /// <summary>Groups <paramref name="messages"/>' non-system messages into units, in order.</summary>
    public static List<ConversationUnit> Group(IReadOnlyList<ChatMessage> messages)
    {
        var units = new List<ConversationUnit>();
        var pendingCalls = new HashSet<string>(StringComparer.Ordinal);
        ConversationUnit? current = null;
        var nonSystem = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            var answersCall = message.Contents.Any(c => c is FunctionResultContent);
            if (pendingCalls.Count > 0 && message.Role == ChatRole.User && !answersCall)
            {
                // The user spoke while calls were unanswered (a cancelled tool loop): those calls stay orphans and
                // must not glue the rest of the conversation into one unit.
                pendingCalls.Clear();
            }

            if (current is null || pendingCalls.Count == 0)
            {
                current = new ConversationUnit();
                units.Add(current);
            }

            current.Indices.Add(i);
            current.Pinned |= ContextMessages.IsPinned(message);
            current.NonSystemEnd = ++nonSystem;
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        pendingCalls.Add(call.CallId);
                        break;
                    case FunctionResultContent result:
                        pendingCalls.Remove(result.CallId);
                        break;
                }
            }
        }

        return units;
    }
}
