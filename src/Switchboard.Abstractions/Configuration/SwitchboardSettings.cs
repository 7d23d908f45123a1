using System.Text.Json.Serialization;
using Switchboard.Catalog;

namespace Switchboard.Configuration;

/// <summary>The user's configuration: <c>~/.config/switchboard/config.json</c> merged with environment variables.</summary>
public sealed class SwitchboardSettings
{
    /// <summary>The model used when none is given on the command line, as <c>provider/model</c>.</summary>
    [JsonPropertyName("default_model")]
    public string? DefaultModel { get; set; }

    /// <summary>Settings per provider name (the part before the slash in a model id).</summary>
    [JsonPropertyName("providers")]
    public Dictionary<string, ProviderSettings> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Catalog entries that add models or replace shipped ones (prices, context windows, capabilities).</summary>
    [JsonPropertyName("models")]
    public List<ModelInfo> Models { get; set; } = [];

    /// <summary>Named routes: ordered lists of <c>provider/model</c>, the first tried first, the rest as fallbacks.</summary>
    [JsonPropertyName("routes")]
    public Dictionary<string, List<string>> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Daily and monthly spending limits.</summary>
    [JsonPropertyName("budget")]
    public BudgetSettings? Budget { get; set; }

    /// <summary>The exact-match response cache.</summary>
    [JsonPropertyName("cache")]
    public CacheSettings Cache { get; set; } = new();

    /// <summary>
    /// A StackExchange.Redis configuration (<c>127.0.0.1:6379</c>): budgets, rate-limit windows and the response cache
    /// are then shared by every process and machine that uses it; without it they live in the local SQLite database.
    /// </summary>
    [JsonPropertyName("redis")]
    public string? Redis { get; set; }

    /// <summary>Context-window management: when to compact, what to keep, which model summarizes.</summary>
    [JsonPropertyName("context")]
    public ContextSettings Context { get; set; } = new();

    /// <summary>Tool approval rules, the tool-loop step limit and MCP servers.</summary>
    [JsonPropertyName("tools")]
    public ToolSettings Tools { get; set; } = new();

    /// <summary>The settings for a provider name, or empty settings whose protocol is the name itself.</summary>
    public ProviderSettings GetProvider(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var settings = Providers.TryGetValue(name, out var found) ? found.Clone() : new ProviderSettings();
        settings.Protocol ??= name;
        return settings;
    }
}
