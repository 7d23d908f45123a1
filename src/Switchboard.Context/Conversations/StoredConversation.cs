using Microsoft.Extensions.AI;

namespace Switchboard.Context.Conversations;

/// <summary>A conversation read back: its header and every message in order, as appended.</summary>
public sealed record StoredConversation(ConversationInfo Info, IReadOnlyList<ChatMessage> Messages);
