using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Mistral;

/// <summary>
/// Fill-in-the-middle through Mistral's Codestral endpoint, <c>POST {base}/fim/completions</c>
/// (https://docs.mistral.ai/api/#tag/fim, https://docs.mistral.ai/capabilities/code_generation/): <c>prompt</c> is the
/// code before the cursor and <c>suffix</c> the code after it; Mistral applies Codestral's FIM format itself, so a raw
/// templated prompt is refused. The answer has the Chat Completions shape (<c>choices[i].message.content</c>,
/// <c>usage</c>). The API has no <c>n</c> and no log-probabilities: one candidate per call.
/// </summary>
public sealed class MistralFimClient : FimTransportClient
{
    /// <summary>The API root used when the settings name none.</summary>
    public const string DefaultBaseUrl = "https://api.mistral.ai/v1";

    /// <summary>The variable users set the key in.</summary>
    public const string ApiKeyVariable = "MISTRAL_API_KEY";

    /// <summary>The provider name used when none is given.</summary>
    public const string DefaultProviderName = "mistral";

    private readonly string _model;
    private readonly Uri _fimUri;

    /// <param name="model">The model name (<c>codestral-latest</c>, <c>codestral-2501</c>).</param>
    /// <param name="settings">
    /// Key (required for Mistral's own hosts, <c>api.mistral.ai</c> and <c>codestral.mistral.ai</c>), base URL
    /// (<see cref="DefaultBaseUrl"/> when null) and timeout.
    /// </param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    /// <exception cref="MissingApiKeyException">A Mistral host is configured without a key.</exception>
    public MistralFimClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = DefaultProviderName)
        : base(providerName, new ChatClientMetadata(providerName, ParseBaseUri(settings, DefaultBaseUrl, providerName), model),
            settings, httpClient, MistralErrorParser.Parse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var baseUri = ParseBaseUri(settings, DefaultBaseUrl, providerName);
        if (!HasApiKey && baseUri.Host.EndsWith("mistral.ai", StringComparison.OrdinalIgnoreCase))
        {
            throw new MissingApiKeyException(providerName, ApiKeyVariable);
        }

        _model = model;
        _fimUri = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/fim/completions");
    }

    private protected override Task<ChatResponse> CompleteAsync(FimRequest request, CancellationToken cancellationToken)
    {
        if (request.Raw)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, Http.Provider,
                $"Mistral's FIM endpoint formats the prompt itself; send the prefix with '{FillInTheMiddle.Suffix}' instead of a raw templated prompt.");
        }

        return PostAsync(_fimUri, request, WriteBody, ReadBody, "a Mistral FIM completion", cancellationToken);
    }

    private void WriteBody(Utf8JsonWriter writer, FimRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("model", _model);
        writer.WriteString("prompt", request.Prompt);
        if (request.Suffix is not null)
        {
            writer.WriteString("suffix", request.Suffix);
        }

        WriteSampling(writer, request, "max_tokens", "random_seed");
        writer.WriteBoolean("stream", false);
        writer.WriteEndObject();
    }

    private ChatResponse ReadBody(JsonElement root, byte[] body)
    {
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The object has no \"choices\" array.");
        }

        var responseId = GetString(root, "id") ?? NewResponseId(Http.Provider);
        var messages = new List<ChatMessage>();
        string? firstFinish = null;
        foreach (var choice in choices.EnumerateArray())
        {
            var candidate = FillInTheMiddle.CreateCandidate(GetString(choice.GetProperty("message"), "content") ?? string.Empty, null);
            candidate.MessageId = $"{responseId}-{messages.Count}";
            messages.Add(candidate);
            firstFinish ??= GetString(choice, "finish_reason");
        }

        var response = new ChatResponse(messages)
        {
            ResponseId = responseId,
            ModelId = GetString(root, "model") ?? _model,
            Usage = root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                ? new UsageDetails
                {
                    InputTokenCount = GetCount(usage, "prompt_tokens"),
                    OutputTokenCount = GetCount(usage, "completion_tokens"),
                    TotalTokenCount = GetCount(usage, "total_tokens"),
                }
                : null,
        };

        if (firstFinish is not null)
        {
            response.FinishReason = firstFinish switch
            {
                "stop" => ChatFinishReason.Stop,
                "length" or "model_length" => ChatFinishReason.Length,
                _ => new ChatFinishReason(firstFinish),
            };
            response.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = firstFinish };
        }

        return response;
    }
}
