namespace Switchboard.Memory.Storage;

/// <summary>Dapper's row shape for a memory.</summary>
internal sealed class MemoryRow
{
    /// <summary>The columns every memory query selects (table alias <c>m</c> optional).</summary>
    public const string Columns = "m.seq AS Seq, m.id AS Id, m.conversation_id AS ConversationId, m.workspace AS Workspace, m.kind AS Kind, m.text AS Text, m.created_ms AS CreatedMs";

    public long Seq { get; set; }

    public string Id { get; set; } = string.Empty;

    public string? ConversationId { get; set; }

    public string Workspace { get; set; } = string.Empty;

    public long Kind { get; set; }

    public string Text { get; set; } = string.Empty;

    public long CreatedMs { get; set; }

    public string? EmbeddingModel { get; set; }

    public MemoryEntry ToEntry() => new()
    {
        Id = Id,
        ConversationId = ConversationId,
        Workspace = Workspace,
        Kind = (MemoryKind)Kind,
        Text = Text,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs),
        EmbeddingModel = EmbeddingModel,
    };
}
