using System.Text.Json;

namespace Switchboard.Providers.Anthropic;

/// <summary>Reads tool input JSON into argument dictionaries (writing goes through the shared <c>JsonValueWriter</c>).</summary>
internal static class AnthropicJsonValues
{
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
