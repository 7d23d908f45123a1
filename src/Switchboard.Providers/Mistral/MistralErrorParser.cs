using System.Text.Json;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Mistral;

/// <summary>
/// Reads Mistral's error bodies (https://docs.mistral.ai/api/): <c>{"object": "error", "message", "type", "code"}</c>,
/// where <c>message</c> is sometimes itself an object, and the validation shape of a 422,
/// <c>{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}</c>.
/// </summary>
internal static class MistralErrorParser
{
    public static ProviderErrorDetails? Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("detail", out var detail))
        {
            return new ProviderErrorDetails(DetailText(detail), "validation_error");
        }

        if (!root.TryGetProperty("message", out var message))
        {
            return null;
        }

        var text = message.ValueKind switch
        {
            JsonValueKind.String => message.GetString() ?? string.Empty,
            JsonValueKind.Object when message.TryGetProperty("detail", out var inner) => DetailText(inner),
            _ => message.GetRawText(),
        };
        return new ProviderErrorDetails(text, Text(root, "type"), Text(root, "code"));
    }

    private static string DetailText(JsonElement detail)
    {
        if (detail.ValueKind == JsonValueKind.String)
        {
            return detail.GetString() ?? string.Empty;
        }

        if (detail.ValueKind != JsonValueKind.Array)
        {
            return detail.GetRawText();
        }

        var parts = new List<string>();
        foreach (var item in detail.EnumerateArray())
        {
            var msg = Text(item, "msg") ?? item.GetRawText();
            var location = item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                ? string.Join('.', loc.EnumerateArray().Select(part => part.ToString()))
                : null;
            parts.Add(location is null ? msg : $"{location}: {msg}");
        }

        return string.Join("; ", parts);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
