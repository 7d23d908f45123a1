using System.Text.Json;

namespace Switchboard.Configuration;

/// <summary>
/// Builds <see cref="SwitchboardSettings"/> from the config file and the usual environment variables.
/// Environment variables win over the file, command-line flags (applied by the caller) win over both.
/// </summary>
public static class SwitchboardSettingsLoader
{
    /// <summary>Environment variables read per provider: (provider, key variable, base-url variable).</summary>
    private static readonly (string Provider, string? KeyVariable, string UrlVariable)[] EnvironmentVariables =
    [
        ("openai", "OPENAI_API_KEY", "OPENAI_BASE_URL"),
        ("anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
        ("gemini", "GEMINI_API_KEY", "GEMINI_BASE_URL"),
        ("ollama", null, "OLLAMA_HOST"),
    ];

    /// <summary>The default config file: <c>$XDG_CONFIG_HOME/switchboard/config.json</c> or <c>~/.config/switchboard/config.json</c>.</summary>
    public static string DefaultConfigPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configHome = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
        {
            configHome = Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(configHome, "switchboard", "config.json");
    }

    /// <summary>Loads settings; a missing file is not an error, an unreadable one is.</summary>
    /// <exception cref="SettingsLoadException">The file exists but is not valid JSON of the expected shape.</exception>
    public static SwitchboardSettings Load(string? configPath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        configPath ??= environment("SWITCHBOARD_CONFIG") ?? DefaultConfigPath(environment);
        var settings = ReadFile(configPath) ?? new SwitchboardSettings();
        if (settings.Providers.Comparer != StringComparer.OrdinalIgnoreCase)
        {
            settings.Providers = new Dictionary<string, ProviderSettings>(settings.Providers, StringComparer.OrdinalIgnoreCase);
        }

        if (settings.Routes.Comparer != StringComparer.OrdinalIgnoreCase)
        {
            settings.Routes = new Dictionary<string, List<string>>(settings.Routes, StringComparer.OrdinalIgnoreCase);
        }

        foreach (var (provider, keyVariable, urlVariable) in EnvironmentVariables)
        {
            var key = keyVariable is null ? null : NullIfEmpty(environment(keyVariable));
            var url = NullIfEmpty(environment(urlVariable));
            if (key is null && url is null)
            {
                continue;
            }

            var existing = settings.Providers.TryGetValue(provider, out var found) ? found : new ProviderSettings();
            settings.Providers[provider] = existing.MergedWith(new ProviderSettings { ApiKey = key, BaseUrl = url });
        }

        settings.DefaultModel = NullIfEmpty(environment("SWITCHBOARD_MODEL")) ?? settings.DefaultModel;
        return settings;
    }

    private static SwitchboardSettings? ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, SettingsJsonContext.Default.SwitchboardSettings)
                ?? throw new SettingsLoadException(path, "the file holds JSON null instead of an object");
        }
        catch (JsonException ex)
        {
            throw new SettingsLoadException(path, $"invalid JSON at line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new SettingsLoadException(path, ex.Message, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SettingsLoadException(path, ex.Message, ex);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
