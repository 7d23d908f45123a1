using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Conversations;

namespace Switchboard.Context.Tests;

/// <summary>Asks a store (freshly, through a reopened instance's database) whether any summary covers a prefix of a history.</summary>
internal sealed class SqliteConversationStoreProbe(SqliteConversationStore store)
{
    public async Task<ContextSummary?> FindAnyAsync(IEnumerable<ChatMessage> history)
    {
        var keys = new MessageFingerprint().PrefixKeys(history);
        await using var fresh = await SqliteConversationStore.OpenAsync(DataSourceOf(store));
        return await fresh.FindAsync([.. keys.Reverse()]);
    }

    private static string DataSourceOf(SqliteConversationStore store)
    {
        var field = typeof(SqliteConversationStore).GetField("_connectionString", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder((string)field.GetValue(store)!).DataSource;
    }
}
