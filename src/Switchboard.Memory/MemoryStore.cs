using System.Buffers;
using Dapper;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Memory.Chunking;
using Switchboard.Memory.Graph;
using Switchboard.Memory.Search;
using Switchboard.Memory.Sources;
using Switchboard.Memory.Storage;

namespace Switchboard.Memory;

/// <summary>
/// Long-term memory: one SQLite file (WAL) of memories with their vectors, an FTS5 index and a knowledge graph.
/// Writes (<see cref="AddNote"/>, <see cref="RememberConversation"/>, ...) return at once with the new ids and are
/// embedded and stored by a background writer; <see cref="FlushAsync"/> waits for them and disposing drains them.
/// Search fuses BM25, cosine similarity and graph neighbours by reciprocal rank.
/// </summary>
/// <remarks>This is the API the CLI's <c>switchboard memory</c> commands call; every read is safe to run concurrently with writes.</remarks>
public sealed class MemoryStore : IAsyncDisposable
{
    /// <summary>The deepest <see cref="GetGraphAsync"/> walks.</summary>
    public const int MaxGraphDepth = 4;

    private readonly string _connectionString;
    private readonly MemoryStoreOptions _options;
    private readonly EmbeddingBatcher? _embedder;
    private readonly VectorIndex _index;
    private readonly MemoryWriter _writer;
    private readonly GraphExtractionQueue? _graph;
    private readonly TextChunker _chunker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private MemoryStore(string connectionString, MemoryStoreOptions options, EmbeddingBatcher? embedder, VectorIndex index,
        IKnowledgeGraphExtractor? extractor, ILogger logger, TimeProvider time)
    {
        _connectionString = connectionString;
        _options = options;
        _embedder = embedder;
        _index = index;
        _time = time;
        _logger = logger;
        _chunker = new TextChunker(options.ChunkWords, options.ChunkOverlapWords);
        _graph = extractor is null ? null : new GraphExtractionQueue(connectionString, extractor, logger);
        _writer = new MemoryWriter(connectionString, index, embedder, _graph, logger);
    }

    /// <summary>The id stored with every vector (<c>local/all-MiniLM-L6-v2</c>); null when running on keywords alone.</summary>
    public string? EmbeddingModelId => _embedder?.ModelId;

    /// <summary>Opens (and creates if needed) the store and loads the current model's vectors.</summary>
    /// <param name="options">The file and the search settings; validated here.</param>
    /// <param name="embeddingGenerator">Embeds memories and queries; null for keyword search only.</param>
    /// <param name="graphExtractor">Extracts the knowledge graph of summaries and notes; null for no graph.</param>
    /// <param name="logger">Where background failures (embedding, extraction) are reported.</param>
    /// <param name="timeProvider">The clock memories are dated by.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">An option is out of range.</exception>
    public static async Task<MemoryStore> OpenAsync(
        MemoryStoreOptions options,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator,
        IKnowledgeGraphExtractor? graphExtractor = null,
        ILogger<MemoryStore>? logger = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = MemoryDatabase.ConnectionString(path);
        await MemoryDatabase.CreateAsync(connectionString, cancellationToken).ConfigureAwait(false);

        var log = (ILogger?)logger ?? NullLogger.Instance;
        var embedder = embeddingGenerator is null ? null : new EmbeddingBatcher(embeddingGenerator, options.EmbeddingModelId, options.EmbeddingBatchSize);
        var index = new VectorIndex();
        if (embedder is not null)
        {
            var stale = await LoadVectorsAsync(connectionString, embedder.ModelId, index, cancellationToken).ConfigureAwait(false);
            if (stale > 0)
            {
                MemoryLog.StaleVectors(log, stale, embedder.ModelId);
            }
        }

        return new MemoryStore(connectionString, options, embedder, index, graphExtractor, log, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Remembers a note (global when <paramref name="workspace"/> is null); its graph is extracted too.</summary>
    /// <returns>The new memory's id.</returns>
    public string AddNote(string text, string? workspace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return Enqueue(null, workspace, MemoryKind.Note, text.Trim(), _time.GetUtcNow());
    }

    /// <summary>Remembers a conversation's summary; its graph is extracted too.</summary>
    /// <returns>The new memory's id.</returns>
    public string AddSummary(string conversationId, string summary, string? workspace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        return Enqueue(conversationId, workspace, MemoryKind.Summary, summary.Trim(), _time.GetUtcNow());
    }

    /// <summary>Remembers a transcript, cut into overlapping chunks (<see cref="MemoryStoreOptions.ChunkWords"/>).</summary>
    /// <returns>The new memories' ids, in transcript order.</returns>
    public IReadOnlyList<string> AddTranscript(string conversationId, string transcript, string? workspace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentNullException.ThrowIfNull(transcript);
        var now = _time.GetUtcNow();
        return _chunker.Chunk(transcript).Select(chunk => Enqueue(conversationId, workspace, MemoryKind.Chunk, chunk, now)).ToList();
    }

    /// <summary>
    /// Replaces everything remembered of a conversation with its current summary and transcript chunks (the old
    /// memories and the graph facts only they supported are forgotten first, in queue order).
    /// </summary>
    /// <returns>The new memories' ids: the summary's first, if there is one.</returns>
    public IReadOnlyList<string> RememberConversation(ConversationSnapshot conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrWhiteSpace(conversation.ConversationId);
        EnqueueCommand(new WriterCommand.Forget(null, conversation.ConversationId, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)));
        var created = conversation.UpdatedAt ?? _time.GetUtcNow();
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(conversation.Summary))
        {
            ids.Add(Enqueue(conversation.ConversationId, conversation.Workspace, MemoryKind.Summary, conversation.Summary.Trim(), created));
        }

        foreach (var chunk in _chunker.ChunkConversation(conversation.Turns ?? []))
        {
            ids.Add(Enqueue(conversation.ConversationId, conversation.Workspace, MemoryKind.Chunk, chunk, created));
        }

        return ids;
    }

    /// <summary>Remembers every conversation of <paramref name="source"/> changed since <paramref name="changedSince"/>.</summary>
    /// <returns>How many conversations were taken.</returns>
    public async Task<int> ImportAsync(IConversationMemorySource source, DateTimeOffset? changedSince = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var count = 0;
        await foreach (var conversation in source.GetConversationsAsync(changedSince, cancellationToken).ConfigureAwait(false))
        {
            RememberConversation(conversation);
            count++;
        }

        return count;
    }

    /// <summary>Waits until everything queued so far is stored, embedded and (with an extractor) in the graph.</summary>
    /// <exception cref="InvalidOperationException">A queued write failed since the last flush.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EnqueueCommand(new WriterCommand.Flush(done));
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets one memory: its text, vector, full-text entry and the graph facts only it supported.</summary>
    /// <returns>1 when it existed, else 0.</returns>
    public Task<int> ForgetAsync(string memoryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memoryId);
        return RunCommandAsync(done => new WriterCommand.Forget(memoryId.Trim(), null, done), cancellationToken);
    }

    /// <summary>Forgets every memory of a conversation, as <see cref="ForgetAsync"/> does for one.</summary>
    /// <returns>How many memories were forgotten.</returns>
    public Task<int> ForgetConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        return RunCommandAsync(done => new WriterCommand.Forget(null, conversationId, done), cancellationToken);
    }

    /// <summary>
    /// Embeds the memories that have no vector of the current model (after a model change, or a failed embedding);
    /// with <paramref name="all"/>, every memory. Queued writes wait meanwhile; their callers do not.
    /// </summary>
    /// <param name="all">Re-embed every memory, not only the stale ones.</param>
    /// <param name="progress">Told the number of memories embedded so far, after each batch.</param>
    /// <param name="cancellationToken">Stops after the current batch; what was embedded stays.</param>
    /// <returns>How many memories were embedded.</returns>
    /// <exception cref="InvalidOperationException">The store has no embedding generator.</exception>
    public Task<int> ReindexAsync(bool all = false, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        RunCommandAsync(done => new WriterCommand.Reindex(all, progress, done, cancellationToken), cancellationToken);

    /// <summary>The <paramref name="limit"/> memories of <paramref name="scope"/> most relevant to <paramref name="query"/> (hybrid search).</summary>
    public Task<MemorySearchResponse> SearchAsync(string query, MemoryScope scope, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return SearchAsync(query, new MemorySearchOptions { Scope = scope, Limit = limit }, cancellationToken);
    }

    /// <summary>Searches with every option: mode (hybrid, keyword, semantic), kinds, graph expansion.</summary>
    /// <exception cref="ArgumentException">The query is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not 1 to <see cref="MemorySearchOptions.MaxLimit"/>.</exception>
    /// <exception cref="InvalidOperationException">Semantic search was asked of a store without an embedding generator.</exception>
    public async Task<MemorySearchResponse> SearchAsync(string query, MemorySearchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Limit, MemorySearchOptions.MaxLimit);
        if (options.Mode == MemorySearchMode.Semantic && _embedder is null)
        {
            throw new InvalidOperationException("Semantic search needs an embedding generator, and this memory store was opened without one.");
        }

        var scope = options.Scope ?? MemoryScope.All;
        var pool = Math.Max(_options.CandidatesPerRanking, options.Limit);
        var rankings = new List<(IReadOnlyList<long> Ranking, double Weight)>(3);
        // BM25 runs in SQLite on its own connection while this thread embeds the query and scans the vectors: the
        // two rankings are independent, so a hybrid search costs about the slower of them, not their sum.
        var keywordRanking = options.Mode == MemorySearchMode.Semantic
            ? null
            : Task.Run(() => KeywordRankingAsync(query, scope, options.Kinds, pool, cancellationToken), cancellationToken);
        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);

        if (options.Mode != MemorySearchMode.Keyword && _embedder is not null)
        {
            float[]? vector = null;
            try
            {
                vector = (await _embedder.EmbedAsync([query], cancellationToken).ConfigureAwait(false))[0];
            }
            catch (Exception ex) when (options.Mode == MemorySearchMode.Hybrid && ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The embedding provider is down: keyword and graph rankings still answer, which beats no answer.
                MemoryLog.QueryEmbeddingFailed(_logger, _embedder.ModelId, ex);
            }

            if (vector is not null)
            {
                rankings.Add((_index.Search(vector, scope, options.Kinds, pool).ConvertAll(hit => hit.Seq), 1.0));
            }
        }

        if (keywordRanking is not null)
        {
            rankings.Insert(0, (await keywordRanking.ConfigureAwait(false), 1.0));
        }

        if (options.Mode == MemorySearchMode.Hybrid && options.ExpandThroughGraph)
        {
            var entities = await KnowledgeGraphStore.FindNamedInAsync(connection, query, scope, cancellationToken).ConfigureAwait(false);
            rankings.Add((await KnowledgeGraphStore.RankRelatedMemoriesAsync(connection, entities, scope, options.Kinds, pool, cancellationToken).ConfigureAwait(false), 1.0));
        }

        var scores = ReciprocalRankFusion.Fuse(_options.ReciprocalRankConstant, rankings);
        if (scores.Count == 0)
        {
            return new MemorySearchResponse([]);
        }

        var rows = await connection.QueryAsync<MemoryRow>(new CommandDefinition(
            $"SELECT {MemoryRow.Columns} FROM memories m WHERE m.seq IN @seqs", new { seqs = scores.Keys.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Recency breaks ties: of two memories ranked alike, the newer one is more likely still true.
        var results = rows
            .OrderByDescending(r => scores[r.Seq]).ThenByDescending(r => r.CreatedMs).ThenByDescending(r => r.Seq)
            .Take(options.Limit)
            .Select(r => new MemorySearchResult
            {
                Id = r.Id,
                ConversationId = r.ConversationId,
                Text = r.Text,
                Score = scores[r.Seq],
                Kind = (MemoryKind)r.Kind,
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedMs),
            })
            .ToList();
        return new MemorySearchResponse(results);
    }

    /// <summary>Memories of a scope (and of one conversation, when given), newest first.</summary>
    public async Task<IReadOnlyList<MemoryEntry>> ListAsync(MemoryScope scope, int limit = 50, int offset = 0, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var conversationFilter = conversationId is null ? string.Empty : " AND m.conversation_id = @conversationId";
        var rows = await connection.QueryAsync<MemoryRow>(new CommandDefinition($"""
            SELECT {MemoryRow.Columns}, v.model AS EmbeddingModel FROM memories m LEFT JOIN memory_vectors v ON v.seq = m.seq
            WHERE 1 = 1{KnowledgeGraphStore.ScopeFilter(scope, "m.workspace")}{conversationFilter}
            ORDER BY m.created_ms DESC, m.seq DESC LIMIT @limit OFFSET @offset
            """, new { workspace = scope.Workspace, conversationId, limit, offset }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>One memory by id (<c>show</c>); null when there is none.</summary>
    public async Task<MemoryEntry?> GetAsync(string memoryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memoryId);
        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<MemoryRow>(new CommandDefinition($"""
            SELECT {MemoryRow.Columns}, v.model AS EmbeddingModel FROM memories m LEFT JOIN memory_vectors v ON v.seq = m.seq WHERE m.id = @id
            """, new { id = memoryId.Trim() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToEntry();
    }

    /// <summary>An entity and its neighbours to <paramref name="depth"/> hops, as a tree; null when no entity has that name in scope.</summary>
    public async Task<KnowledgeGraphNode?> GetGraphAsync(string entity, MemoryScope scope, int depth = 2, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxGraphDepth);
        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        return await KnowledgeGraphStore.TreeAsync(connection, entity, scope, depth, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts of memories, vectors and graph facts.</summary>
    public async Task<MemoryStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var counts = await connection.QuerySingleAsync<(long Memories, long Vectors, long Entities, long Relations)>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM memories), (SELECT count(*) FROM memory_vectors WHERE model = @model),
                   (SELECT count(*) FROM entities), (SELECT count(*) FROM relations)
            """, new { model = _embedder?.ModelId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new MemoryStats
        {
            Memories = counts.Memories,
            CurrentVectors = counts.Vectors,
            Entities = counts.Entities,
            Relations = counts.Relations,
            EmbeddingModel = _embedder?.ModelId,
        };
    }

    /// <summary>Stops accepting writes and waits until every queued one is stored and extracted.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (_graph is not null)
        {
            await _graph.DisposeAsync().ConfigureAwait(false);
        }

        _index.Dispose();
    }

    private async Task<List<long>> KeywordRankingAsync(string query, MemoryScope scope, IReadOnlySet<MemoryKind>? kinds, int limit, CancellationToken cancellationToken)
    {
        var terms = FullTextQuery.Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }

        await using var connection = await MemoryDatabase.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var (counts, memories) = await WordFrequencies.LookupAsync(connection, terms.ToList(), cancellationToken).ConfigureAwait(false);
        var match = FullTextQuery.Build(terms, counts, memories);

        var kindFilter = kinds is null ? string.Empty : " AND m.kind IN @kinds";
        var rows = await connection.QueryAsync<long>(new CommandDefinition($"""
            SELECT m.seq FROM memory_fts JOIN memories m ON m.seq = memory_fts.rowid
            WHERE memory_fts MATCH @match{KnowledgeGraphStore.ScopeFilter(scope, "m.workspace")}{kindFilter}
            ORDER BY bm25(memory_fts) LIMIT @limit
            """, new { match, workspace = scope.Workspace, kinds = kinds?.Select(k => (int)k).ToArray(), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Loads every vector of <paramref name="model"/> into the index; returns how many memories have none.</summary>
    private static async Task<long> LoadVectorsAsync(string connectionString, string model, VectorIndex index, CancellationToken cancellationToken)
    {
        await using var connection = await MemoryDatabase.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.seq, m.workspace, m.kind, v.vector FROM memory_vectors v JOIN memories m ON m.seq = v.seq
            WHERE v.model = $model ORDER BY v.seq
            """;
        command.Parameters.AddWithValue("$model", model);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long loaded = 0;
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var length = (int)reader.GetBytes(3, 0, null, 0, 0);
                if (length > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                reader.GetBytes(3, 0, buffer, 0, length);
                index.Add(reader.GetInt64(0), reader.GetString(1), (MemoryKind)reader.GetInt32(2),
                    System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)));
                loaded++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM memories";
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return total - loaded;
    }

    private string Enqueue(string? conversationId, string? workspace, MemoryKind kind, string text, DateTimeOffset createdAt)
    {
        var memory = new PendingMemory(MemoryIds.New(), conversationId, MemoryWorkspace.Normalize(workspace), kind, text, createdAt);
        if (!_writer.TryEnqueue(memory))
        {
            throw new ObjectDisposedException(nameof(MemoryStore), "The memory store is closed; nothing more can be remembered.");
        }

        return memory.Id;
    }

    private void EnqueueCommand(WriterCommand command)
    {
        if (!_writer.TryEnqueue(command))
        {
            throw new ObjectDisposedException(nameof(MemoryStore), "The memory store is closed.");
        }
    }

    private async Task<int> RunCommandAsync(Func<TaskCompletionSource<int>, WriterCommand> create, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        EnqueueCommand(create(done));
        return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
