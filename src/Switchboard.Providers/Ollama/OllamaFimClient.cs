using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// Fill-in-the-middle through Ollama's <c>POST {host}/api/generate</c>
/// (https://docs.ollama.com/api/generate, https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-completion):
/// the prefix as <c>prompt</c> and the code after the cursor as <c>suffix</c>, which Ollama formats with the model's
/// own FIM template; or, for a prompt already templated, <c>raw: true</c> and no suffix. Ollama samples one completion
/// per call (it has no <c>n</c>), so one candidate comes back; with <c>logprobs: true</c> (Ollama 0.12.11 and later)
/// each token's log-probability arrives in a top-level <c>logprobs</c> array of <c>{token, logprob}</c>.
/// </summary>
public sealed class OllamaFimClient : FimTransportClient
{
    private readonly string _model;
    private readonly Uri _generateUri;

    /// <param name="model">The Ollama model name (<c>qwen2.5-coder:1.5b</c>, <c>codellama:7b-code</c>).</param>
    /// <param name="settings">The server (an <c>OLLAMA_HOST</c>-style value; default <c>http://localhost:11434</c>) and an optional key.</param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public OllamaFimClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "ollama")
        : base(providerName, new ChatClientMetadata(providerName, OllamaEndpoint.Parse(settings?.BaseUrl), model), settings!, httpClient, OllamaErrorParser.Parse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _model = model;
        _generateUri = OllamaEndpoint.Resolve(OllamaEndpoint.Parse(settings!.BaseUrl), "/api/generate");
    }

    private protected override Task<ChatResponse> CompleteAsync(FimRequest request, CancellationToken cancellationToken) =>
        PostAsync(_generateUri, request, WriteBody, ReadBody, "an Ollama generate object", cancellationToken);

    private void WriteBody(Utf8JsonWriter writer, FimRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("model", _model);
        writer.WriteString("prompt", request.Prompt);
        if (request.Suffix is not null)
        {
            writer.WriteString("suffix", request.Suffix);
        }

        if (request.Raw)
        {
            writer.WriteBoolean("raw", true);
        }

        writer.WriteBoolean("stream", false);
        if (request.LogProbabilities)
        {
            writer.WriteBoolean("logprobs", true);
        }

        writer.WriteStartObject("options");
        WriteSampling(writer, request, "num_predict", "seed");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private ChatResponse ReadBody(JsonElement root, byte[] body)
    {
        if (root.TryGetProperty("error", out var error) && OllamaErrorParser.FromElement(error) is { } details)
        {
            throw OllamaStreamParser.CreateInBandError(Http.Provider, details, Encoding.UTF8.GetString(body));
        }

        var text = GetString(root, "response") ?? throw new JsonException("The object has no \"response\" text.");
        var logProbabilities = new List<double>();
        if (root.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in logprobs.EnumerateArray())
            {
                if (token.TryGetProperty("logprob", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    logProbabilities.Add(value.GetDouble());
                }
            }
        }

        var doneReason = GetString(root, "done_reason");
        var responseId = NewResponseId(Http.Provider);
        var candidate = FillInTheMiddle.CreateCandidate(text, FimRequest.Mean(logProbabilities));
        candidate.MessageId = responseId;
        var input = GetCount(root, "prompt_eval_count");
        var output = GetCount(root, "eval_count");
        var response = new ChatResponse(candidate)
        {
            ResponseId = responseId,
            ModelId = GetString(root, "model") ?? _model,
            FinishReason = OllamaFinishReason.Map(doneReason, sawToolCalls: false),
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
        if (doneReason is not null)
        {
            response.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = doneReason };
        }

        return response;
    }
}
