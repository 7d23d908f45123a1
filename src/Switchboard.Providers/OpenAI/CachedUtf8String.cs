using System.Text.Json;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Remembers the last string value read for one field (a stream's id or model name, repeated in every chunk), so
/// the same bytes are turned into a string once per stream instead of once per chunk.
/// </summary>
internal sealed class CachedUtf8String
{
    private byte[] _raw = [];

    public string? Value { get; private set; }

    /// <summary>Reads the current string token; a JSON null keeps the previous value.</summary>
    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return Value;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }

        // Equal raw (still escaped) bytes mean an equal value, whatever the escaping.
        if (Value is not null && reader.ValueSpan.SequenceEqual(_raw))
        {
            return Value;
        }

        Value = reader.GetString();
        _raw = reader.ValueSpan.ToArray();
        return Value;
    }
}
