namespace Switchboard.Configuration;

/// <summary>The configuration file exists but cannot be read or parsed.</summary>
public sealed class SettingsLoadException(string path, string reason, Exception? inner = null)
    : Exception($"Cannot read the configuration file '{path}': {reason}", inner)
{
    /// <summary>The file that failed.</summary>
    public string FilePath { get; } = path;
}
