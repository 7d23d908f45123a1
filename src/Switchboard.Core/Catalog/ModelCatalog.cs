using System.Text.Json;
using Switchboard.Models;
using Switchboard.Catalog;

namespace Switchboard.Core.Catalog;

/// <summary>
/// Known models: the shipped <c>models.json</c> plus the user's own entries, which add models or replace shipped ones.
/// Models of free providers (descriptors say which) are free; any other model not in the catalog is unknown and therefore unpriced.
/// </summary>
public sealed class ModelCatalog
{
    private const string ResourceName = "Switchboard.Core.Catalog.models.json";
    private static readonly Lazy<IReadOnlyList<ModelInfo>> Shipped = new(LoadShipped);

    private readonly Dictionary<string, ModelInfo> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, bool> _isFreeProvider;

    /// <param name="models">The entries; later ones replace earlier ones with the same id.</param>
    /// <param name="isFreeProvider">
    /// Whether a provider name runs models that cost nothing (the provider descriptor says); an unlisted model of
    /// such a provider is free rather than unpriced.
    /// </param>
    public ModelCatalog(IEnumerable<ModelInfo> models, Func<string, bool>? isFreeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _isFreeProvider = isFreeProvider ?? (static _ => false);
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
    public static ModelCatalog CreateDefault(IEnumerable<ModelInfo>? overrides = null, Func<string, bool>? isFreeProvider = null) =>
        new(overrides is null ? Shipped.Value : Shipped.Value.Concat(overrides), isFreeProvider);

    /// <summary>Parses a catalog document (the shipped file's shape).</summary>
    /// <exception cref="JsonException">The text is not a valid catalog.</exception>
    public static IReadOnlyList<ModelInfo> Parse(string json) =>
        JsonSerializer.Deserialize(json, CatalogJsonContext.Default.CatalogDocument)?.Models
        ?? throw new JsonException("The catalog is JSON null.");

    /// <summary>Finds a model by id or alias; an unlisted model of a free provider (one on the user's machine) is reported as free.</summary>
    public ModelInfo? Find(ModelId model)
    {
        if (_byName.TryGetValue(model.ToString(), out var info))
        {
            return info;
        }

        if (_isFreeProvider(model.Provider))
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
