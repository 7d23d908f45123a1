using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Serialization;

namespace Switchboard.Providers.Ollama;

/// <summary>Tool results as the plain text Ollama's API takes (JSON through the shared <c>JsonValueWriter</c>).</summary>
internal static class OllamaJsonValue
{
    /// <summary>Renders a value as the text of a message (tool results are strings in Ollama's API).</summary>
    public static string ToText(object? value)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case string text:
                return text;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return element.GetString() ?? string.Empty;
            case TextContent content:
                return content.Text;
            case IEnumerable<AIContent> contents:
                var builder = new StringBuilder();
                foreach (var content in contents)
                {
                    builder.Append(content is TextContent t ? t.Text : ToText(content));
                }

                return builder.ToString();
            default:
                return JsonValueWriter.ToJsonText(value);
        }
    }
}
