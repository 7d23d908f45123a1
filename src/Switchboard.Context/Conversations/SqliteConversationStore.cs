using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Storage;

namespace Switchboard.Context.Conversations;

/// <summary>
/// Conversations in SQLite (WAL), beside the usage ledger: headers with the context meter, messages in
/// Microsoft.Extensions.AI's JSON (tool calls, results, images and all), and the context summaries, so a resumed
/// conversation neither loses a turn nor summarizes again.
/// </summary>
/// <remarks>
/// Appends are queued and committed by one background writer (a turn never waits for the disk); each append's task
/// completes when its message is committed, and a committed message survives the process being killed. Disposing
/// drains the queue.
/// </remarks>
public sealed class SqliteConversationStore : IContextSummaryStore, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS conversations (
            id TEXT PRIMARY KEY,
            title TEXT,
            model TEXT NOT NULL,
            workspace TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            message_count INTEGER NOT NULL DEFAULT 0,
            used_tokens INTEGER,
            window_tokens INTEGER,
            compacted INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
        CREATE TABLE IF NOT EXISTS messages (
            conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            role TEXT NOT NULL,
            json TEXT NOT NULL,
            prefix_key TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (conversation_id, seq));
        CREATE INDEX IF NOT EXISTS messages_prefix_key ON messages (prefix_key);
        CREATE TABLE IF NOT EXISTS context_summaries (
            prefix_key TEXT PRIMARY KEY,
            covered_messages INTEGER NOT NULL,
            text TEXT NOT NULL,
            folds INTEGER NOT NULL,
            created_at TEXT NOT NULL);
        """;

    private const string HeaderColumns = """
        id AS Id, title AS Title, model AS Model, workspace AS Workspace, created_at AS CreatedAt, updated_at AS UpdatedAt,
        message_count AS MessageCount, used_tokens AS UsedTokens, window_tokens AS WindowTokens, compacted AS Compacted
        """;

    private const int MaxKeysPerQuery = 500;

    private readonly string _connectionString;
    private readonly BackgroundSqliteWriter _writer;
    private readonly JsonTypeInfo<ChatMessage> _messageJson;
    private readonly MessageFingerprint _fingerprint;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Cursor> _cursors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ContextSummary> _summaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _keysWithoutSummary = new(StringComparer.Ordinal);

    private SqliteConversationStore(string connectionString, JsonSerializerOptions serializerOptions, TimeProvider timeProvider)
    {
        _connectionString = connectionString;
        _writer = new BackgroundSqliteWriter(connectionString, "conversation store");
        serializerOptions.MakeReadOnly(populateMissingResolver: true);
        _messageJson = (JsonTypeInfo<ChatMessage>)serializerOptions.GetTypeInfo(typeof(ChatMessage));
        _fingerprint = new MessageFingerprint(serializerOptions);
        _time = timeProvider;
        SerializerOptions = serializerOptions;
    }

    /// <summary>The options messages are stored and read with.</summary>
    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>
    /// Opens (and creates if needed) the store in the SQLite file at <paramref name="path"/> (the data directory's
    /// <c>usage.db</c> or a sibling). <paramref name="serializerOptions"/> must know every custom content type the
    /// conversations hold (the images library's options know image references);
    /// <see cref="AIJsonUtilities.DefaultOptions"/> when null.
    /// </summary>
    public static async Task<SqliteConversationStore> OpenAsync(
        string path,
        JsonSerializerOptions? serializerOptions = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        var connectionString = await SqliteDatabase.OpenAsync(path, Schema, cancellationToken).ConfigureAwait(false);
        return new SqliteConversationStore(connectionString, serializerOptions ?? AIJsonUtilities.DefaultOptions, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Starts a conversation; the task completes once it is stored.</summary>
    public async Task<ConversationInfo> CreateAsync(string model, string? workspace = null, string? title = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var now = _time.GetUtcNow();
        var info = new ConversationInfo { Id = Guid.CreateVersion7(now).ToString("N"), Model = model, Workspace = workspace, Title = title, CreatedAt = now, UpdatedAt = now };
        _cursors[info.Id] = new Cursor(0, "");
        await _writer.Enqueue((connection, transaction) => connection.ExecuteAsync("""
            INSERT INTO conversations (id, title, model, workspace, created_at, updated_at) VALUES (@Id, @Title, @Model, @Workspace, @Now, @Now)
            """, new { info.Id, info.Title, info.Model, info.Workspace, Now = Stamp(now) }, transaction)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>
    /// Appends <paramref name="message"/> to the conversation. Returns at once; the task completes when the message
    /// is committed (await it where a turn must be acknowledged as saved, or let it run).
    /// </summary>
    /// <exception cref="ConversationNotFoundException">No such conversation.</exception>
    /// <exception cref="ArgumentException">The message holds content the serializer options do not know.</exception>
    public Task AppendAsync(string conversationId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return AppendAsync(conversationId, [message]);
    }

    /// <inheritdoc cref="AppendAsync(string, ChatMessage)"/>
    public Task AppendAsync(string conversationId, IEnumerable<ChatMessage> messages)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentNullException.ThrowIfNull(messages);
        var now = Stamp(_time.GetUtcNow());
        var rows = new List<MessageRow>();
        var cursor = CursorOf(conversationId);
        lock (cursor)
        {
            var (seq, key) = (cursor.LastSeq, cursor.LastKey);
            foreach (var message in messages)
            {
                ArgumentNullException.ThrowIfNull(message, nameof(messages));
                string json;
                try
                {
                    json = JsonSerializer.Serialize(message, _messageJson);
                }
                catch (NotSupportedException ex)
                {
                    throw new ArgumentException(
                        $"The message cannot be stored: {ex.Message} Open the store with serializer options that know every content type the conversation holds.",
                        nameof(messages), ex);
                }

                if (message.Role != ChatRole.System)
                {
                    key = _fingerprint.NextKey(key, message);
                }

                rows.Add(new MessageRow(conversationId, ++seq, message.Role.Value, json, message.Role == ChatRole.System ? null : key, now));
            }

            (cursor.LastSeq, cursor.LastKey) = (seq, key);
        }

        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _writer.Enqueue(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("""
                INSERT INTO messages (conversation_id, seq, role, json, prefix_key, created_at)
                VALUES (@ConversationId, @Seq, @Role, @Json, @PrefixKey, @CreatedAt)
                """, rows, transaction).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "UPDATE conversations SET updated_at = @now, message_count = message_count + @count WHERE id = @conversationId",
                new { now, count = rows.Count, conversationId }, transaction).ConfigureAwait(false);
        });
    }

    /// <summary>Keeps the context meter of the conversation's last request (queued like an append).</summary>
    public Task UpdateMeterAsync(string conversationId, ContextUsage usage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentNullException.ThrowIfNull(usage);
        return _writer.Enqueue((connection, transaction) => connection.ExecuteAsync(
            "UPDATE conversations SET used_tokens = @UsedTokens, window_tokens = @Window, compacted = @Compacted WHERE id = @conversationId",
            new { usage.UsedTokens, usage.Window, usage.Compacted, conversationId }, transaction));
    }

    /// <summary>Sets the conversation's title (queued like an append).</summary>
    public Task RenameAsync(string conversationId, string? title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        return _writer.Enqueue((connection, transaction) => connection.ExecuteAsync(
            "UPDATE conversations SET title = @title WHERE id = @conversationId", new { title, conversationId }, transaction));
    }

    /// <summary>Completes when everything queued before the call is committed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    /// <summary>Conversations, most recently updated first; only <paramref name="workspace"/>'s when given.</summary>
    public async Task<IReadOnlyList<ConversationInfo>> ListAsync(string? workspace = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<HeaderRow>(new CommandDefinition($"""
            SELECT {HeaderColumns} FROM conversations
            WHERE @workspace IS NULL OR workspace = @workspace
            ORDER BY updated_at DESC, id DESC LIMIT @limit
            """, new { workspace, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToInfo()).ToList();
    }

    /// <summary>The most recently updated conversation (in <paramref name="workspace"/> when given), or null.</summary>
    public async Task<ConversationInfo?> GetLastAsync(string? workspace = null, CancellationToken cancellationToken = default) =>
        (await ListAsync(workspace, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The conversation with every message, or null when there is none with that id.</summary>
    public async Task<StoredConversation?> GetAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var header = await connection.QuerySingleOrDefaultAsync<HeaderRow>(new CommandDefinition(
            $"SELECT {HeaderColumns} FROM conversations WHERE id = @conversationId", new { conversationId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (header is null)
        {
            return null;
        }

        var jsons = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT json FROM messages WHERE conversation_id = @conversationId ORDER BY seq", new { conversationId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var messages = jsons.Select(json => JsonSerializer.Deserialize(json, _messageJson)
            ?? throw new JsonException($"A stored message of conversation {conversationId} is JSON null.")).ToList();
        return new StoredConversation(header.ToInfo(), messages);
    }

    /// <summary>Deletes the conversation, its messages and its summaries; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        var deleted = 0;
        await _writer.Enqueue(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("""
                DELETE FROM context_summaries WHERE prefix_key IN
                    (SELECT prefix_key FROM messages WHERE conversation_id = @conversationId AND prefix_key IS NOT NULL)
                """, new { conversationId }, transaction).ConfigureAwait(false);
            deleted = await connection.ExecuteAsync("DELETE FROM conversations WHERE id = @conversationId", new { conversationId }, transaction).ConfigureAwait(false);
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        _cursors.TryRemove(conversationId, out _);
        _summaries.Clear();
        return deleted > 0;
    }

    /// <summary>Writes the conversation as Markdown (for reading and sharing).</summary>
    /// <exception cref="ConversationNotFoundException">No such conversation.</exception>
    public async Task ExportMarkdownAsync(string conversationId, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var conversation = await GetAsync(conversationId, cancellationToken).ConfigureAwait(false) ?? throw new ConversationNotFoundException(conversationId);
        await writer.WriteAsync(ConversationExport.ToMarkdown(conversation, SerializerOptions).AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the conversation as JSON: its header and the messages in Microsoft.Extensions.AI's form.</summary>
    /// <exception cref="ConversationNotFoundException">No such conversation.</exception>
    public async Task ExportJsonAsync(string conversationId, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var conversation = await GetAsync(conversationId, cancellationToken).ConfigureAwait(false) ?? throw new ConversationNotFoundException(conversationId);
        await ConversationExport.WriteJsonAsync(conversation, _messageJson, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ContextSummary?> FindAsync(IReadOnlyList<string> prefixKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefixKeys);
        foreach (var key in prefixKeys)
        {
            if (_summaries.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        // Only keys not asked about before go to the database: a long conversation without summaries is not
        // queried in full on every turn.
        var unknown = prefixKeys.Where(k => !_keysWithoutSummary.ContainsKey(k)).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<SummaryRow>();
        foreach (var chunk in unknown.Chunk(MaxKeysPerQuery))
        {
            found.AddRange(await connection.QueryAsync<SummaryRow>(new CommandDefinition("""
                SELECT prefix_key AS PrefixKey, covered_messages AS CoveredMessages, text AS Text, folds AS Folds, created_at AS CreatedAt
                FROM context_summaries WHERE prefix_key IN @chunk
                """, new { chunk }, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }

        foreach (var row in found)
        {
            _summaries[row.PrefixKey] = row.ToSummary();
        }

        foreach (var key in unknown.Where(k => !_summaries.ContainsKey(k)))
        {
            _keysWithoutSummary[key] = true;
        }

        return prefixKeys.Select(k => _summaries.GetValueOrDefault(k)).FirstOrDefault(s => s is not null);
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(ContextSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _summaries[summary.PrefixKey] = summary;
        _keysWithoutSummary.TryRemove(summary.PrefixKey, out _);
        await _writer.Enqueue((connection, transaction) => connection.ExecuteAsync("""
            INSERT OR REPLACE INTO context_summaries (prefix_key, covered_messages, text, folds, created_at)
            VALUES (@PrefixKey, @CoveredMessages, @Text, @Folds, @CreatedAt)
            """, new { summary.PrefixKey, summary.CoveredMessages, summary.Text, summary.Folds, CreatedAt = Stamp(summary.CreatedAt) }, transaction))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting writes and waits until the queued ones are committed.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseStamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    // The cursor (last sequence number and prefix key) is read once per conversation and then kept in memory, so
    // appending computes keys without a query; it is the lock that keeps one conversation's appends in order.
    private Cursor CursorOf(string conversationId)
    {
        if (_cursors.TryGetValue(conversationId, out var cursor))
        {
            return cursor;
        }

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM conversations WHERE id = @conversationId", new { conversationId }) == 0)
        {
            throw new ConversationNotFoundException(conversationId);
        }

        var last = connection.QueryFirstOrDefault<(long Seq, string? Key)>(
            "SELECT seq, (SELECT prefix_key FROM messages WHERE conversation_id = @conversationId AND prefix_key IS NOT NULL ORDER BY seq DESC LIMIT 1) FROM messages WHERE conversation_id = @conversationId ORDER BY seq DESC LIMIT 1",
            new { conversationId });
        return _cursors.GetOrAdd(conversationId, new Cursor(last.Seq, last.Key ?? ""));
    }

    /// <summary>Where a conversation's appends are: mutable, and the lock that keeps them in order.</summary>
    private sealed class Cursor(long lastSeq, string lastKey)
    {
        public long LastSeq { get; set; } = lastSeq;

        public string LastKey { get; set; } = lastKey;
    }

    private sealed record MessageRow(string ConversationId, long Seq, string Role, string Json, string? PrefixKey, string CreatedAt);

    /// <summary>Dapper's row shape for headers.</summary>
    private sealed class HeaderRow
    {
        public string Id { get; set; } = "";

        public string? Title { get; set; }

        public string Model { get; set; } = "";

        public string? Workspace { get; set; }

        public string CreatedAt { get; set; } = "";

        public string UpdatedAt { get; set; } = "";

        public long MessageCount { get; set; }

        public long? UsedTokens { get; set; }

        public long? WindowTokens { get; set; }

        public bool Compacted { get; set; }

        public ConversationInfo ToInfo() => new()
        {
            Id = Id,
            Title = Title,
            Model = Model,
            Workspace = Workspace,
            CreatedAt = ParseStamp(CreatedAt),
            UpdatedAt = ParseStamp(UpdatedAt),
            MessageCount = (int)MessageCount,
            UsedTokens = UsedTokens,
            WindowTokens = WindowTokens,
            Compacted = Compacted,
        };
    }

    /// <summary>Dapper's row shape for summaries.</summary>
    private sealed class SummaryRow
    {
        public string PrefixKey { get; set; } = "";

        public long CoveredMessages { get; set; }

        public string Text { get; set; } = "";

        public long Folds { get; set; }

        public string CreatedAt { get; set; } = "";

        public ContextSummary ToSummary() => new(PrefixKey, (int)CoveredMessages, Text, (int)Folds, ParseStamp(CreatedAt));
    }
}
