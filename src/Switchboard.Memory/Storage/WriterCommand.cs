namespace Switchboard.Memory.Storage;

/// <summary>Work for the background writer other than adding memories, each completed through its task source.</summary>
internal abstract record WriterCommand
{
    /// <summary>Completes once everything queued before it is stored (and its graph extracted).</summary>
    public sealed record Flush(TaskCompletionSource Done) : WriterCommand;

    /// <summary>Deletes one memory or a conversation's memories; completes with how many.</summary>
    public sealed record Forget(string? MemoryId, string? ConversationId, TaskCompletionSource<int> Done) : WriterCommand;

    /// <summary>Embeds the memories without a current vector (all when <paramref name="All"/>); completes with how many.</summary>
    public sealed record Reindex(bool All, IProgress<int>? Progress, TaskCompletionSource<int> Done, CancellationToken CancellationToken) : WriterCommand;
}
