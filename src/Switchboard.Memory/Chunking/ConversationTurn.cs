namespace Switchboard.Memory.Chunking;

/// <summary>One turn of a conversation transcript as memory reads it.</summary>
/// <param name="Role">Who spoke: <c>user</c>, <c>assistant</c>, <c>tool</c>.</param>
/// <param name="Text">What was said, as plain text.</param>
public sealed record ConversationTurn(string Role, string Text);
