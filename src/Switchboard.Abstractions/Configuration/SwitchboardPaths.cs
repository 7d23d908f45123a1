namespace Switchboard.Configuration;

/// <summary>Where Switchboard keeps its data (usage ledger, caches), following the XDG base directory spec.</summary>
public static class SwitchboardPaths
{
    /// <summary><c>$XDG_DATA_HOME/switchboard</c>, else <c>~/.local/share/switchboard</c>; <c>SWITCHBOARD_DATA_DIR</c> overrides both.</summary>
    public static string DataDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("SWITCHBOARD_DATA_DIR") is { Length: > 0 } explicitDirectory)
        {
            return explicitDirectory;
        }

        var dataHome = environment("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "switchboard");
    }

    /// <summary>The SQLite usage ledger file.</summary>
    public static string UsageDatabase(Func<string, string?> environment) => Path.Combine(DataDirectory(environment), "usage.db");
}
