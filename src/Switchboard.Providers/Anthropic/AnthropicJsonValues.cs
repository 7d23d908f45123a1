using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Writes caller-supplied values (tool arguments, tool results, extra request fields) as JSON without reflection:
/// the common shapes are written by hand and anything else goes through the source-generated contracts of
/// <see cref="AIJsonUtilities.DefaultOptions"/>.
/// </summary>
internal static class AnthropicJsonValues
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                if (element.ValueKind == JsonValueKind.Undefined)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    element.WriteTo(writer);
                }

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
            case short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case Enum:
                writer.WriteStringValue(value.ToString());
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
            case IEnumerable sequence and not IDictionary:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // DateTime, Guid, Uri and the like have contracts in the default options; an unknown type fails loudly here.
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    /// <summary>A value as JSON text (for a tool result that is not already a string).</summary>
    public static string ToJsonText(object? value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses tool input JSON into the argument dictionary; an empty input means no arguments.</summary>
    public static IDictionary<string, object?> ParseArguments(ReadOnlyMemory<byte> json)
    {
        var span = json.Span.Trim(" \t\r\n"u8);
        if (span.IsEmpty)
        {
            return new Dictionary<string, object?>();
        }

        using var document = JsonDocument.Parse(json);
        return ToArguments(document.RootElement);
    }

    /// <summary>The properties of a tool input object as independent <see cref="JsonElement"/> values.</summary>
    public static IDictionary<string, object?> ToArguments(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Tool input must be a JSON object, not {input.ValueKind}.");
        }

        var arguments = new Dictionary<string, object?>();
        foreach (var property in input.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }
}
