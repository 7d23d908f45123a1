using Switchboard.Configuration;
using Switchboard.Errors;

namespace Switchboard.Local;

/// <summary>Finds the GGUF file for <c>local/&lt;name&gt;</c>.</summary>
internal static class LocalModelLocator
{
    /// <summary>
    /// Looks in the configured models folder, then beside the program (where the built-in stories260K ships),
    /// then in the user's data folder. A name ending in <c>.gguf</c> may also be a path.
    /// </summary>
    public static string Locate(string name, ProviderSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var fileName = name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) ? name : name + ".gguf";
        var candidates = new List<string>();
        if (Path.IsPathRooted(fileName))
        {
            candidates.Add(fileName);
        }
        else
        {
            if (!string.IsNullOrEmpty(settings.ModelsDirectory))
            {
                candidates.Add(Path.Combine(settings.ModelsDirectory, fileName));
            }

            candidates.Add(Path.Combine(AppContext.BaseDirectory, "models", fileName));
            var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrEmpty(dataHome))
            {
                dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            candidates.Add(Path.Combine(dataHome, "switchboard", "models", fileName));
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new ProviderException(
            ProviderErrorKind.NotFound,
            LocalProviderDescriptor.ProtocolName,
            $"No GGUF file for local model '{name}'. Looked in: {string.Join(", ", candidates)}.");
    }
}
