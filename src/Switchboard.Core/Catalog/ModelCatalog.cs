using System.Text.Json;
using Switchboard.Models;
using Switchboard.Catalog;

namespace Switchboard.Core.Catalog;

/// <summary>
/// Known models: the shipped <c>models.json</c> plus the user's own entries, which add models or replace shipped ones.
/// Ollama and local models are free by nature; any other model not in the catalog is unknown and therefore unpriced.
/// </summary>
public sealed class ModelCatalog
{
    private const string ResourceName = "Switchboard.Core.Catalog.models.json";
    private static readonly Lazy<IReadOnlyList<ModelInfo>> Shipped = new(LoadShipped);

    private readonly Dictionary<string, ModelInfo> _byName = new(StringComparer.OrdinalIgnoreCase);

    public ModelCatalog(IEnumerable<ModelInfo> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        foreach (var model in models)
        {
            // Later entries win, so user overrides listed after the shipped ones replace them.
            _byName[model.Id] = model;
            foreach (var alias in model.Aliases)
            {
                _byName[alias] = model;
            }
        }

        Models = _byName.Values.Distinct().OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every distinct model, sorted by id.</summary>
    public IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The shipped catalog, with <paramref name="overrides"/> (from the user's config) applied on top.</summary>
    public static ModelCatalog CreateDefault(IEnumerable<ModelInfo>? overrides = null) =>
        new(overrides is null ? Shipped.Value : Shipped.Value.Concat(overrides));

    /// <summary>Parses a catalog document (the shipped file's shape).</summary>
    /// <exception cref="JsonException">The text is not a valid catalog.</exception>
    public static IReadOnlyList<ModelInfo> Parse(string json) =>
        JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogDocument)?.Models
        ?? throw new JsonException("The catalog is JSON null.");

    /// <summary>Finds a model by id or alias; Ollama and local models that are not listed are reported as free.</summary>
    public ModelInfo? Find(ModelId model)
    {
        if (_byName.TryGetValue(model.ToString(), out var info))
        {
            return info;
        }

        if (model.Provider is "ollama" or "local")
        {
            return new ModelInfo { Id = model.ToString(), Free = true, Source = "runs on your own machine" };
        }

        return null;
    }

    private static IReadOnlyList<ModelInfo> LoadShipped()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The shipped model catalog resource {ResourceName} is missing from the build.");
        return JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.CatalogDocument)?.Models ?? [];
    }
}
