using System.Net.Http.Headers;
using System.Text.Json;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Lists the models an Ollama server has pulled, from <c>GET {host}/api/tags</c>
/// (https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models), e.g. for <c>/model</c> suggestions.
/// </summary>
internal sealed class OllamaModelLister
{
    private readonly string? _apiKey;
    private readonly ProviderHttp _http;

    public OllamaModelLister(ProviderSettings settings, HttpClient? httpClient = null, string providerName = "ollama")
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        _apiKey = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey;
        TagsUri = OllamaEndpoint.Resolve(OllamaEndpoint.Parse(settings.BaseUrl), "/api/tags");
        _http = new ProviderHttp(
            providerName,
            httpClient,
            OllamaErrorParser.Parse,
            settings.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    /// <summary>The address asked.</summary>
    public Uri TagsUri { get; }

    /// <summary>Returns the model names (<c>llama3.2:latest</c>, <c>codellama:13b</c>) in the server's order.</summary>
    /// <exception cref="Switchboard.Errors.ProviderException">The server is unreachable, answered an error, or sent something else than the documented JSON.</exception>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TagsUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        var body = await _http.SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return ReadNames(body);
        }
        catch (JsonException ex)
        {
            throw _http.InvalidResponse($"The model list is not valid Ollama JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads <c>{"models": [{"name": ..., "model": ...}, ...]}</c>; <c>name</c> is the documented field, <c>model</c> a fallback.</summary>
    internal static IReadOnlyList<string> ReadNames(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Expected a JSON object with a \"models\" array.");
        }

        if (!root.TryGetProperty("models", out var models) || models.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (models.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("\"models\" is not an array.");
        }

        var names = new List<string>(models.GetArrayLength());
        foreach (var model in models.EnumerateArray())
        {
            if (model.ValueKind == JsonValueKind.Object && (Name(model, "name") ?? Name(model, "model")) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string? Name(JsonElement model, string property) =>
        model.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
