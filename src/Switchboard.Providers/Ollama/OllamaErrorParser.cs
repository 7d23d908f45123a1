using System.Text.Json;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Reads Ollama's error body, <c>{"error": "message"}</c> (https://docs.ollama.com/api/errors). Ollama gives no
/// type or code, so the HTTP status and the message text decide the kind. Proxies in front of Ollama (and its
/// OpenAI-style paths) may send <c>{"error": {"message": ..., "type": ...}}</c>, which is read too.
/// </summary>
internal static class OllamaErrorParser
{
    public static ProviderErrorDetails? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("error", out var error)
            ? FromElement(error)
            : null;
    }

    /// <summary>Reads the value of an <c>error</c> property, as found in a body or in a line of a 200 stream.</summary>
    public static ProviderErrorDetails? FromElement(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => new ProviderErrorDetails(error.GetString() ?? string.Empty),
        JsonValueKind.Object => new ProviderErrorDetails(
            GetString(error, "message") ?? error.GetRawText(),
            GetString(error, "type"),
            GetString(error, "code")),
        _ => null,
    };

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
