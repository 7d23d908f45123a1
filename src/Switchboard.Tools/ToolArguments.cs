using System.Text.Json;

namespace Switchboard.Tools;

/// <summary>Reads a call's arguments as text, whether they arrived as strings or as JSON from a provider.</summary>
internal static class ToolArguments
{
    /// <summary>The argument as a string: a JSON string unquoted, other JSON as its text; null when absent or null.</summary>
    public static string? GetString(IDictionary<string, object?>? arguments, string name)
    {
        if (arguments is null || !arguments.TryGetValue(name, out var raw))
        {
            return null;
        }

        return raw switch
        {
            null => null,
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement element => element.GetRawText(),
            _ => raw.ToString(),
        };
    }
}
