using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Reads OpenAI error bodies: <c>{"error": {"message", "type", "param", "code"}}</c>
/// (https://platform.openai.com/docs/guides/error-codes), and the shapes OpenAI-compatible servers use instead:
/// <c>{"error": "text"}</c> and vLLM's flat <c>{"object": "error", "message", "type", "code": 400}</c>.
/// </summary>
internal static class OpenAIErrorParser
{
    /// <summary>Parses an HTTP error body; null when it is JSON of another shape (a JsonException for non-JSON).</summary>
    public static ProviderErrorDetails? Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error))
        {
            return error.ValueKind switch
            {
                JsonValueKind.Object => FromObject(error),
                JsonValueKind.String => new ProviderErrorDetails(error.GetString()!),
                _ => null,
            };
        }

        return root.TryGetProperty("message", out _) ? FromObject(root) : null;
    }

    /// <summary>
    /// Reads the value of an <c>error</c> property inside a 200 stream (the reader is on the value's first token)
    /// and returns the exception to throw. The stream carried no HTTP error, so the kind comes from the text.
    /// </summary>
    public static ProviderException ReadStreamError(ref Utf8JsonReader reader, string provider, ReadOnlySpan<byte> eventData)
    {
        string? message = null, type = null, code = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            message = reader.GetString();
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    message = ReadText(ref reader);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = ReadText(ref reader);
                }
                else if (reader.ValueTextEquals("code"u8))
                {
                    reader.Read();
                    code = ReadText(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }

        return StreamError(provider, message, type, code, Encoding.UTF8.GetString(eventData));
    }

    /// <summary>The exception for an error reported inside a 200 stream.</summary>
    public static ProviderException StreamError(string provider, string? message, string? type, string? code, string body)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            message = "The provider reported an error during streaming.";
        }

        var kind = ErrorClassifier.ClassifyStreamError(type, code, message);
        return new ProviderException(kind, provider, message, statusCode: null, errorType: type ?? code, responseBody: body);
    }

    private static ProviderErrorDetails FromObject(JsonElement error)
    {
        var message = Text(error, "message") ?? string.Empty;
        return new ProviderErrorDetails(message, Text(error, "type"), Text(error, "code"));
    }

    /// <summary>Codes are strings at OpenAI and numbers at some compatible servers; both become text.</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static string? ReadText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number)
                    ? number.ToString(CultureInfo.InvariantCulture)
                    : reader.GetDouble().ToString(CultureInfo.InvariantCulture);
            default:
                reader.Skip();
                return null;
        }
    }
}
