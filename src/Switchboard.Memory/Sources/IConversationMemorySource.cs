namespace Switchboard.Memory.Sources;

/// <summary>
/// What memory needs from a conversation store (Switchboard.Context implements it): the conversations that changed
/// since a moment, with their summaries and turns. <see cref="MemoryStore.ImportAsync"/> replaces each one's memories.
/// </summary>
public interface IConversationMemorySource
{
    /// <summary>Conversations changed after <paramref name="changedSince"/> (all when null), oldest change first.</summary>
    IAsyncEnumerable<ConversationSnapshot> GetConversationsAsync(DateTimeOffset? changedSince, CancellationToken cancellationToken = default);
}
