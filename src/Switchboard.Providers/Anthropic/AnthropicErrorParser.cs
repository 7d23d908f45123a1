using System.Text.Json;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Anthropic;

/// <summary>
/// Reads Anthropic's error body, <c>{"type":"error","error":{"type":"overloaded_error","message":"..."},"request_id":"..."}</c>
/// (https://platform.claude.com/docs/en/api/errors). The same shape arrives as an <c>error</c> event inside a 200 stream.
/// </summary>
internal static class AnthropicErrorParser
{
    /// <summary>Returns the message and type, or null when the body is not Anthropic's error JSON.</summary>
    public static ProviderErrorDetails? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return Read(document.RootElement);
    }

    /// <summary>The error for an error object that arrived with a 200 status (a stream event or an in-band body).</summary>
    public static ProviderException InBandError(string provider, ReadOnlySpan<byte> json)
    {
        string? message = null;
        string? type = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (Read(document.RootElement) is { } details)
            {
                message = details.Message;
                type = details.Type;
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the raw text below still tells the user what came.
        }

        var body = System.Text.Encoding.UTF8.GetString(json);
        message = string.IsNullOrWhiteSpace(message) ? $"The provider reported an error: {body}" : message;
        var kind = ErrorClassifier.ClassifyStreamError(type, null, message);
        return new ProviderException(kind, provider, message, errorType: type, responseBody: body);
    }

    private static ProviderErrorDetails? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("error", out var error)
            || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new ProviderErrorDetails(message ?? string.Empty, type);
    }
}
