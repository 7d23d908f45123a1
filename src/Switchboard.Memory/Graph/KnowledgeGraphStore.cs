using Dapper;
using Microsoft.Data.Sqlite;

namespace Switchboard.Memory.Graph;

/// <summary>
/// The knowledge graph's SQL: facts written with the memory that supports them (entity mentions, relation
/// sources), entities merged by <see cref="EntityNames.Key"/> within a workspace, and the reads that search and
/// <c>graph</c> need. Every fact names its memories, so forgetting a memory can drop exactly the facts only it held.
/// </summary>
internal static class KnowledgeGraphStore
{
    private const string UpsertEntitySql = """
        INSERT INTO entities (workspace, key, name, type) VALUES (@Workspace, @Key, @Name, @Type)
        ON CONFLICT (workspace, key) DO UPDATE SET type = CASE WHEN entities.type = 0 THEN excluded.type ELSE entities.type END
        RETURNING entity_id
        """;

    private const string UpsertRelationSql = """
        INSERT INTO relations (source_id, type, target_id) VALUES (@Source, @Type, @Target)
        ON CONFLICT (source_id, type, target_id) DO UPDATE SET type = excluded.type
        RETURNING relation_id
        """;

    /// <summary>
    /// Stores what was extracted from memory <paramref name="seq"/>, unless that memory was forgotten meanwhile
    /// (checked inside the write transaction, so a forget cannot slip between check and insert).
    /// </summary>
    /// <returns>False when the memory no longer exists.</returns>
    public static async Task<bool> WriteAsync(SqliteConnection connection, long seq, string workspace, ExtractedKnowledge knowledge, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT seq FROM memories WHERE seq = @seq", new { seq }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists is null)
        {
            return false;
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        async Task<long?> EntityAsync(string name, EntityType type)
        {
            var key = EntityNames.Key(name);
            if (key.Length == 0)
            {
                return null;
            }

            if (!ids.TryGetValue(key, out var id))
            {
                id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(UpsertEntitySql,
                    new { Workspace = workspace, Key = key, Name = name.Trim(), Type = (int)type }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT OR IGNORE INTO entity_mentions (entity_id, seq) VALUES (@id, @seq)", new { id, seq }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                ids[key] = id;
            }

            return id;
        }

        foreach (var entity in knowledge.Entities ?? [])
        {
            if (!string.IsNullOrWhiteSpace(entity?.Name))
            {
                await EntityAsync(entity.Name, EntityNames.ParseType(entity.Type)).ConfigureAwait(false);
            }
        }

        foreach (var relation in knowledge.Relations ?? [])
        {
            var type = EntityNames.RelationKey(relation?.Relation ?? string.Empty);
            if (relation is null || type.Length == 0 || string.IsNullOrWhiteSpace(relation.Source) || string.IsNullOrWhiteSpace(relation.Target))
            {
                continue;
            }

            // An end the model forgot to list as an entity is still named by this memory: it becomes one.
            var source = await EntityAsync(relation.Source, EntityType.Other).ConfigureAwait(false);
            var target = await EntityAsync(relation.Target, EntityType.Other).ConfigureAwait(false);
            if (source is null || target is null || source == target)
            {
                continue;
            }

            var relationId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(UpsertRelationSql,
                new { Source = source, Type = type, Target = target }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT OR IGNORE INTO relation_sources (relation_id, seq) VALUES (@relationId, @seq)", new { relationId, seq }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The entities in scope whose key is a run of the query's words ("what uses billing service?" finds "billing service").</summary>
    public static async Task<List<long>> FindNamedInAsync(SqliteConnection connection, string query, MemoryScope scope, CancellationToken cancellationToken)
    {
        var keys = EntityNames.QueryKeys(query);
        if (keys.Count == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT entity_id FROM entities WHERE key IN @keys{ScopeFilter(scope, "workspace")}",
            new { keys, workspace = scope.Workspace }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>
    /// Memories that mention the entities (newest first), then memories that mention their neighbours (newest
    /// first): the graph's ranking for fusion.
    /// </summary>
    public static async Task<List<long>> RankRelatedMemoriesAsync(
        SqliteConnection connection, IReadOnlyList<long> entityIds, MemoryScope scope, IReadOnlySet<MemoryKind>? kinds, int limit, CancellationToken cancellationToken)
    {
        if (entityIds.Count == 0)
        {
            return [];
        }

        var kindFilter = kinds is null ? string.Empty : " AND m.kind IN @kinds";
        var parameters = new { ids = entityIds, workspace = scope.Workspace, kinds = kinds?.Select(k => (int)k).ToArray(), limit };
        var direct = await connection.QueryAsync<long>(new CommandDefinition($"""
            SELECT DISTINCT m.seq FROM entity_mentions em JOIN memories m ON m.seq = em.seq
            WHERE em.entity_id IN @ids{ScopeFilter(scope, "m.workspace")}{kindFilter}
            ORDER BY m.created_ms DESC LIMIT @limit
            """, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var neighbours = await connection.QueryAsync<long>(new CommandDefinition($"""
            WITH neighbour (entity_id) AS (
                SELECT target_id FROM relations WHERE source_id IN @ids
                UNION SELECT source_id FROM relations WHERE target_id IN @ids)
            SELECT DISTINCT m.seq FROM neighbour n JOIN entity_mentions em ON em.entity_id = n.entity_id JOIN memories m ON m.seq = em.seq
            WHERE n.entity_id NOT IN @ids{ScopeFilter(scope, "m.workspace")}{kindFilter}
            ORDER BY m.created_ms DESC LIMIT @limit
            """, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return direct.Concat(neighbours).Distinct().Take(limit).ToList();
    }

    /// <summary>The entity named <paramref name="name"/> (by merge key) and its neighbours to <paramref name="depth"/> hops; null when unknown.</summary>
    public static async Task<KnowledgeGraphNode?> TreeAsync(SqliteConnection connection, string name, MemoryScope scope, int depth, CancellationToken cancellationToken)
    {
        var key = EntityNames.Key(name);
        var root = await connection.QueryFirstOrDefaultAsync<EntityRow>(new CommandDefinition(
            $"SELECT entity_id AS Id, name AS Name, type AS Type FROM entities WHERE key = @key{ScopeFilter(scope, "workspace")} ORDER BY workspace DESC LIMIT 1",
            new { key, workspace = scope.Workspace }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (root is null)
        {
            return null;
        }

        var visited = new HashSet<long> { root.Id };
        return await NodeAsync(connection, root, relation: null, outgoing: false, depth, visited, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<KnowledgeGraphNode> NodeAsync(
        SqliteConnection connection, EntityRow entity, string? relation, bool outgoing, int depth, HashSet<long> visited, CancellationToken cancellationToken)
    {
        var memoryIds = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT m.id FROM entity_mentions em JOIN memories m ON m.seq = em.seq WHERE em.entity_id = @Id ORDER BY m.created_ms DESC
            """, new { entity.Id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var children = new List<KnowledgeGraphNode>();
        if (depth > 0)
        {
            var edges = await connection.QueryAsync<EdgeRow>(new CommandDefinition("""
                SELECT r.type AS Relation, 1 AS Outgoing, e.entity_id AS Id, e.name AS Name, e.type AS Type
                FROM relations r JOIN entities e ON e.entity_id = r.target_id WHERE r.source_id = @Id
                UNION ALL
                SELECT r.type, 0, e.entity_id, e.name, e.type
                FROM relations r JOIN entities e ON e.entity_id = r.source_id WHERE r.target_id = @Id
                ORDER BY 2 DESC, 1, 4
                """, new { entity.Id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var edge in edges)
            {
                var neighbour = new EntityRow { Id = edge.Id, Name = edge.Name, Type = edge.Type };
                var childDepth = visited.Add(edge.Id) ? depth - 1 : 0;
                children.Add(await NodeAsync(connection, neighbour, edge.Relation, edge.Outgoing, childDepth, visited, cancellationToken).ConfigureAwait(false));
            }
        }

        return new KnowledgeGraphNode
        {
            Name = entity.Name,
            Type = Enum.IsDefined((EntityType)entity.Type) ? (EntityType)entity.Type : EntityType.Other,
            Relation = relation,
            Outgoing = outgoing,
            MemoryIds = memoryIds.AsList(),
            Children = children,
        };
    }

    /// <summary>The SQL condition for a scope on a workspace column (parameter <c>@workspace</c>).</summary>
    internal static string ScopeFilter(MemoryScope scope, string column) =>
        scope.IsAll ? string.Empty : $" AND ({column} = '' OR {column} = @workspace)";

    private sealed class EntityRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public long Type { get; set; }
    }

    private sealed class EdgeRow
    {
        public string Relation { get; set; } = string.Empty;

        public bool Outgoing { get; set; }

        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public long Type { get; set; }
    }
}
