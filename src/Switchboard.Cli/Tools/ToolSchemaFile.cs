using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Cli.Tools;

/// <summary>
/// <c>--tool-schema FILE</c>: a JSON array of <c>{name, description, parameters}</c> declared to the model but never
/// executed; the calls the model makes are printed for the script to handle.
/// </summary>
internal static class ToolSchemaFile
{
    /// <exception cref="FormatException">The file is missing, not JSON, or an entry lacks a name; the message says which.</exception>
    public static IReadOnlyList<AITool> Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new FormatException($"--tool-schema {path}: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"--tool-schema {path}: expected a JSON array of {{name, description, parameters}}.");
            }

            var tools = new List<AITool>();
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
                {
                    throw new FormatException($"--tool-schema {path}: entry {index} has no \"name\".");
                }

                var description = entry.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                var parameters = entry.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
                    ? p.Clone()
                    : JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();
                tools.Add(AIFunctionFactory.CreateDeclaration(name.GetString()!, description, parameters));
                index++;
            }

            return tools;
        }
    }
}
