using Switchboard.Memory.Search;

namespace Switchboard.Memory.Graph;

/// <summary>
/// The merge key of an entity: its words lower-cased and joined by single spaces, a leading "the" dropped, so
/// "The Billing Service", "billing-service" and "billing service" are one entity, and "src/Program.cs" is
/// "src program cs". Queries are cut into the same word n-grams to find the entities they name.
/// </summary>
internal static class EntityNames
{
    /// <summary>Longest entity name, in words, that a query is searched for.</summary>
    public const int MaxQueryWords = 4;

    /// <summary>The merge key, or empty when the name has no letter or digit.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = FullTextQuery.Words(name).ToList();
        if (words.Count > 1 && words[0] == "the")
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    /// <summary>Every run of 1 to <see cref="MaxQueryWords"/> consecutive words of the query, as keys.</summary>
    public static HashSet<string> QueryKeys(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = FullTextQuery.Words(query).ToList();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < words.Count; start++)
        {
            for (var length = 1; length <= MaxQueryWords && start + length <= words.Count; length++)
            {
                keys.Add(string.Join(' ', words.Skip(start).Take(length)));
            }
        }

        return keys;
    }

    /// <summary>The type named by the model; unknown words are <see cref="EntityType.Other"/>.</summary>
    public static EntityType ParseType(string? type) =>
        Enum.TryParse<EntityType>(type?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : EntityType.Other;

    /// <summary>A relation as stored: lower-case words joined by underscores ("depends on" is "depends_on").</summary>
    public static string RelationKey(string relation) => string.Join('_', FullTextQuery.Words(relation ?? string.Empty));
}
