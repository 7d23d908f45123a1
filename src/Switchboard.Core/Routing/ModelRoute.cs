using Switchboard.Configuration;
using Switchboard.Models;

namespace Switchboard.Core.Routing;

/// <summary>
/// What a model name means: either one <c>provider/model</c>, or a route name from the config file
/// (<c>"routes": { "fast": ["openai/gpt-4.1-mini", "gemini/gemini-2.5-flash"] }</c>) with its ordered fallbacks.
/// </summary>
public sealed record ModelRoute(string Name, IReadOnlyList<ModelId> Targets)
{
    /// <summary>A route of one model.</summary>
    public static ModelRoute Single(ModelId model) => new(model.ToString(), [model]);

    /// <summary>Resolves a configured route name, else parses <paramref name="name"/> as <c>provider/model</c>.</summary>
    /// <exception cref="FormatException">Neither a route nor a <c>provider/model</c>.</exception>
    public static ModelRoute Resolve(string name, SwitchboardSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Routes.TryGetValue(name, out var models))
        {
            if (models.Count == 0)
            {
                throw new FormatException($"Route '{name}' in the config file lists no models.");
            }

            return new ModelRoute(name, models.Select(ModelId.Parse).ToList());
        }

        if (!name.Contains('/', StringComparison.Ordinal) && settings.Routes.Count > 0)
        {
            throw new FormatException($"'{name}' is neither a configured route ({string.Join(", ", settings.Routes.Keys.Order())}) nor a provider/model name.");
        }

        return Single(ModelId.Parse(name));
    }

    /// <summary>The first choice, used when nothing says which target answered.</summary>
    public ModelId Primary => Targets[0];

    /// <inheritdoc />
    public override string ToString() => Name;
}
