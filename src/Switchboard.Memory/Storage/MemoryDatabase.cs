using Dapper;
using Microsoft.Data.Sqlite;

namespace Switchboard.Memory.Storage;

/// <summary>
/// The memory file's schema. <c>seq</c> is the internal row key that the full-text index, vectors and graph links
/// point at; <c>id</c> is the public one. Foreign keys cascade, so deleting a memory removes its vector and its
/// graph links in the same statement; a trigger keeps the FTS5 index (external content) in step.
/// </summary>
internal static class MemoryDatabase
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS memories (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            conversation_id TEXT,
            workspace TEXT NOT NULL,
            kind INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS memories_conversation ON memories (conversation_id);
        CREATE INDEX IF NOT EXISTS memories_workspace_created ON memories (workspace, created_ms);
        CREATE VIRTUAL TABLE IF NOT EXISTS memory_fts USING fts5(
            text, content = 'memories', content_rowid = 'seq', tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS memories_fts_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memory_fts (rowid, text) VALUES (new.seq, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS memories_fts_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memory_fts (memory_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        END;
        CREATE TABLE IF NOT EXISTS memory_words (
            word TEXT PRIMARY KEY,
            docs INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS memory_vectors (
            seq INTEGER PRIMARY KEY REFERENCES memories (seq) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            vector BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS entities (
            entity_id INTEGER PRIMARY KEY,
            workspace TEXT NOT NULL,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            type INTEGER NOT NULL,
            UNIQUE (workspace, key));
        CREATE TABLE IF NOT EXISTS entity_mentions (
            entity_id INTEGER NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL REFERENCES memories (seq) ON DELETE CASCADE,
            PRIMARY KEY (entity_id, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS entity_mentions_seq ON entity_mentions (seq);
        CREATE TABLE IF NOT EXISTS relations (
            relation_id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            target_id INTEGER NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE,
            UNIQUE (source_id, type, target_id));
        CREATE INDEX IF NOT EXISTS relations_target ON relations (target_id);
        CREATE TABLE IF NOT EXISTS relation_sources (
            relation_id INTEGER NOT NULL REFERENCES relations (relation_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL REFERENCES memories (seq) ON DELETE CASCADE,
            PRIMARY KEY (relation_id, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS relation_sources_seq ON relation_sources (seq);
        """;

    /// <summary>Facts no remaining memory supports: a relation without a source, an entity without a mention (its relations go with it).</summary>
    public const string RemoveUnsupportedFactsSql = """
        DELETE FROM relations WHERE relation_id NOT IN (SELECT relation_id FROM relation_sources);
        DELETE FROM entities WHERE entity_id NOT IN (SELECT entity_id FROM entity_mentions);
        """;

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = 30,
        ForeignKeys = true,
    }.ToString();

    /// <summary>Creates the file, its folder and the tables when missing.</summary>
    public static async Task CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Schema, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
