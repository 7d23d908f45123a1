namespace Switchboard.Memory.Storage;

/// <summary>A memory accepted by the store and waiting for the background writer.</summary>
internal sealed record PendingMemory(string Id, string? ConversationId, string Workspace, MemoryKind Kind, string Text, DateTimeOffset CreatedAt);
