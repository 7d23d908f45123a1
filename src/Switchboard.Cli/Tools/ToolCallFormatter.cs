using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Cli.Tools;

/// <summary>Shows a tool call as the user reads it: <c>read_file(path: "src/a.cs", start_line: 10)</c>.</summary>
internal static class ToolCallFormatter
{
    private const int MaxValueLength = 80;

    public static string Format(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var arguments = (call.Arguments ?? new Dictionary<string, object?>())
            .Select(a => $"{a.Key}: {Value(a.Value)}");
        return $"{call.Name}({string.Join(", ", arguments)})";
    }

    private static string Value(object? value)
    {
        var text = value switch
        {
            null => "null",
            JsonElement element => element.GetRawText(),
            string s => "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            _ => value.ToString() ?? "",
        };
        return text.Length > MaxValueLength ? text[..MaxValueLength] + "…" : text;
    }
}
