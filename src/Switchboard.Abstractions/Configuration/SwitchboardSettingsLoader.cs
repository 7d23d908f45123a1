using System.Text.Json;
using Switchboard.Providers;

namespace Switchboard.Configuration;

/// <summary>
/// Builds <see cref="SwitchboardSettings"/> from the config file and the usual environment variables.
/// Environment variables win over the file, command-line flags (applied by the caller) win over both.
/// </summary>
public static class SwitchboardSettingsLoader
{
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

    /// <summary>
    /// Loads settings: the file, then each protocol's environment variables (its key and endpoint, named by its
    /// descriptor), then <c>SWITCHBOARD_MODEL</c>. The default file may be missing; a file named explicitly (the
    /// argument or <c>SWITCHBOARD_CONFIG</c>) must exist.
    /// </summary>
    /// <exception cref="SettingsLoadException">The file cannot be read, is not valid JSON of the expected shape, or was named and is missing.</exception>
    public static SwitchboardSettings Load(string? configPath, Func<string, string?> environment, IEnumerable<ProviderDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(descriptors);
        var explicitPath = configPath ?? NullIfEmpty(environment("SWITCHBOARD_CONFIG"));
        var path = explicitPath ?? DefaultConfigPath(environment);
        if (explicitPath is not null && !File.Exists(explicitPath))
        {
            throw new SettingsLoadException(explicitPath, Directory.Exists(explicitPath) ? "it is a folder, not a file" : "the file does not exist");
        }

        var settings = ReadFile(path) ?? new SwitchboardSettings();
        if (settings.Providers.Comparer != StringComparer.OrdinalIgnoreCase)
        {
            settings.Providers = new Dictionary<string, ProviderSettings>(settings.Providers, StringComparer.OrdinalIgnoreCase);
        }

        if (settings.Routes.Comparer != StringComparer.OrdinalIgnoreCase)
        {
            settings.Routes = new Dictionary<string, List<string>>(settings.Routes, StringComparer.OrdinalIgnoreCase);
        }

        foreach (var descriptor in descriptors)
        {
            var provider = descriptor.Protocol;
            var key = descriptor.ApiKeyVariable is { } keyVariable ? NullIfEmpty(environment(keyVariable)) : null;
            var url = descriptor.BaseUrlVariable is { } urlVariable ? NullIfEmpty(environment(urlVariable)) : null;
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
