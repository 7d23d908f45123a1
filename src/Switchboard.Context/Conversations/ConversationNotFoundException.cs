namespace Switchboard.Context.Conversations;

/// <summary>No conversation has the id asked for.</summary>
public sealed class ConversationNotFoundException : Exception
{
    public ConversationNotFoundException(string conversationId)
        : base($"No conversation with id '{conversationId}' is stored.")
    {
        ConversationId = conversationId;
    }

    /// <summary>The id asked for.</summary>
    public string ConversationId { get; }
}
