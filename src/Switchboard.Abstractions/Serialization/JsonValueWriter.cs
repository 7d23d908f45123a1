using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Switchboard.Serialization;

/// <summary>
/// Writes the loosely typed values that reach a request (function arguments, tool results, extra request fields)
/// as JSON without reflection: the common shapes by hand, anything else through the source-generated contracts of
/// <see cref="AIJsonUtilities.DefaultOptions"/>, which fail loudly for a type they do not know. Shared by every
/// provider's request writer and the CLI's JSON output.
/// </summary>
public static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null:
            case JsonElement { ValueKind: JsonValueKind.Undefined }:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case JsonNode node:
                node.WriteTo(writer);
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
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case short or ushort or uint or byte or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case Enum enumValue:
                writer.WriteStringValue(enumValue.ToString());
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                break;
            case IEnumerable<KeyValuePair<string, object?>> dictionary:
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> strings:
                writer.WriteStartObject();
                foreach (var (key, item) in strings)
                {
                    writer.WriteString(key, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence and not IDictionary and not IEnumerable<AIContent>:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    /// <summary>The JSON text of a value, as raw UTF-8 (for fields that carry JSON inside a string).</summary>
    public static ReadOnlyMemory<byte> ToUtf8(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>The JSON text of a value.</summary>
    public static string ToJsonText(object? value) => System.Text.Encoding.UTF8.GetString(ToUtf8(value).Span);
}
