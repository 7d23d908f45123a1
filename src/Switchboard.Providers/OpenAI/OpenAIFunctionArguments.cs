using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI;

/// <summary>Turns the JSON text of a function call's <c>arguments</c> into the dictionary <see cref="FunctionCallContent"/> holds.</summary>
internal static class OpenAIFunctionArguments
{
    /// <summary>
    /// Creates the call content; arguments that are not a JSON object (models sometimes emit broken JSON, and a
    /// stream cut by <c>length</c> leaves it unfinished) set <see cref="FunctionCallContent.Exception"/> instead of throwing.
    /// </summary>
    public static FunctionCallContent CreateCall(string callId, string name, ReadOnlyMemory<byte> argumentsUtf8) =>
        FunctionCallContent.CreateFromParsedArguments(argumentsUtf8, callId, name, static utf8 => Parse(utf8.Span));

    /// <summary>Parses a JSON object into a dictionary of <see cref="JsonElement"/> values; empty text means no arguments.</summary>
    public static Dictionary<string, object?> Parse(ReadOnlySpan<byte> utf8)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return arguments;
        }

        var reader = new Utf8JsonReader(utf8);
        // One clone of the whole object: its properties then share one document instead of one each.
        var root = JsonElement.ParseValue(ref reader);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Function arguments must be a JSON object, not {root.ValueKind}.");
        }

        foreach (var property in root.EnumerateObject())
        {
            arguments[property.Name] = property.Value;
        }

        return arguments;
    }
}
