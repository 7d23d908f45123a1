using System.Text.Json;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Gemini;

/// <summary>
/// Reads Google's error body, a <c>google.rpc.Status</c>:
/// <c>{"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[{"@type":"...RetryInfo","retryDelay":"20s"}]}}</c>.
/// Some front ends wrap it in a one-element array. https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
/// </summary>
internal static class GeminiErrorParser
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    private const string ErrorInfoType = "type.googleapis.com/google.rpc.ErrorInfo";

    /// <summary>Returns the message, status (as type), <c>ErrorInfo.reason</c> (as code) and <c>RetryInfo.retryDelay</c>; null when the body is not a Status.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static ProviderErrorDetails? Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!TryGetError(document.RootElement, out var error))
        {
            return null;
        }

        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        string? reason = null;
        TimeSpan? retryAfter = null;
        if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind != JsonValueKind.Object || !detail.TryGetProperty("@type", out var type))
                {
                    continue;
                }

                if (type.ValueEquals(RetryInfoType) && detail.TryGetProperty("retryDelay", out var delay) && delay.ValueKind == JsonValueKind.String)
                {
                    retryAfter = RetryAfterParser.ParseDuration(delay.GetString());
                }
                else if (type.ValueEquals(ErrorInfoType) && detail.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
                {
                    reason = r.GetString();
                }
            }
        }

        return new ProviderErrorDetails(message ?? string.Empty, status, reason, retryAfter);
    }

    /// <summary>The numeric <c>error.code</c> (an HTTP status), used for error objects that arrive inside a 200 stream.</summary>
    public static int? ReadCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return TryGetError(document.RootElement, out var error)
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
                && code.TryGetInt32(out var value) && value is >= 400 and <= 599
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetError(JsonElement root, out JsonElement error)
    {
        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
        {
            root = root[0];
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out error) && error.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        error = default;
        return false;
    }
}
