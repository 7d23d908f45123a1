using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Writes caller-supplied values (tool arguments, tool results, <c>AdditionalProperties</c>) as JSON without
/// reflection: the common shapes by hand, anything else through the source-generated
/// <see cref="AIJsonUtilities.DefaultOptions"/> (which fails loudly for a type it does not know).
/// </summary>
internal static class OllamaJsonValue
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonNode node:
                node.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case float number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case IDictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<string> strings:
                writer.WriteStartArray();
                foreach (var item in strings)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable items and not IEnumerable<AIContent>:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case IConvertible convertible when convertible.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.UInt64:
                writer.WriteRawValue(convertible.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

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
                var buffer = new ArrayBufferWriter<byte>(256);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    Write(writer, value);
                }

                return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
