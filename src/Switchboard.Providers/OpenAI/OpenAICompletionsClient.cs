using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Providers.Http;

namespace Switchboard.Providers.OpenAI;

/// <summary>
/// Fill-in-the-middle through the OpenAI Completions API, <c>POST {base}/completions</c>
/// (https://platform.openai.com/docs/api-reference/completions/create), as the servers that host code models speak
/// it: llama.cpp's llama-server (https://github.com/ggml-org/llama.cpp/tree/master/tools/server), vLLM
/// (https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html) and DeepSeek's beta endpoint
/// (https://api-docs.deepseek.com/guides/fim_completion). The prefix goes as <c>prompt</c> with <c>suffix</c>, or a
/// templated prompt alone; <c>n</c> samples several candidates in one call and <c>logprobs: 1</c> returns
/// <c>choices[i].logprobs.token_logprobs</c>, whose mean ranks them.
/// </summary>
public sealed class OpenAICompletionsClient : FimTransportClient
{
    /// <summary>The API takes at most four stop sequences.</summary>
    private const int MaxStopSequences = 4;

    private readonly string _model;
    private readonly Uri _completionsUri;

    /// <param name="model">The model name as the server knows it.</param>
    /// <param name="settings">Base URL (e.g. <c>http://localhost:8080/v1</c>; OpenAI's when null), optional key, timeout.</param>
    /// <param name="httpClient">The client to send with; the shared pooled one when null.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    public OpenAICompletionsClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = "openai")
        : base(providerName, new ChatClientMetadata(providerName, ParseBaseUri(settings, OpenAIProviderDescriptor.Instance.DefaultBaseUrl!.ToString(), providerName), model),
            settings, httpClient, OpenAIErrorParser.Parse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _model = model;
        _completionsUri = new Uri(ParseBaseUri(settings, OpenAIProviderDescriptor.Instance.DefaultBaseUrl!.ToString(), providerName).AbsoluteUri.TrimEnd('/') + "/completions");
    }

    private protected override Task<ChatResponse> CompleteAsync(FimRequest request, CancellationToken cancellationToken) =>
        PostAsync(_completionsUri, request, WriteBody, ReadBody, "a Completions object", cancellationToken);

    private void WriteBody(Utf8JsonWriter writer, FimRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("model", _model);
        writer.WriteString("prompt", request.Prompt);
        if (request.Suffix is not null)
        {
            writer.WriteString("suffix", request.Suffix);
        }

        if (request.CandidateCount > 1)
        {
            writer.WriteNumber("n", request.CandidateCount);
        }

        if (request.LogProbabilities)
        {
            // An integer in this API: how many alternatives per position besides the chosen token; 1 is the least.
            writer.WriteNumber("logprobs", 1);
        }

        WriteSampling(writer, request, "max_tokens", "seed", MaxStopSequences);
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
        var ordered = new List<(int Index, ChatMessage Message, string? FinishReason)>();
        foreach (var choice in choices.EnumerateArray())
        {
            var text = choice.GetProperty("text").GetString() ?? string.Empty;
            var index = (int?)GetCount(choice, "index") ?? ordered.Count;
            var candidate = FillInTheMiddle.CreateCandidate(text, FimRequest.Mean(ReadTokenLogProbabilities(choice)));
            candidate.MessageId = $"{responseId}-{index}";
            ordered.Add((index, candidate, GetString(choice, "finish_reason")));
        }

        ordered.Sort((a, b) => a.Index.CompareTo(b.Index));
        var response = new ChatResponse(ordered.Select(c => c.Message).ToList())
        {
            ResponseId = responseId,
            ModelId = GetString(root, "model") ?? _model,
            Usage = root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object ? OpenAIUsageReader.Read(usage) : null,
        };

        if (ordered.Count > 0 && ordered[0].FinishReason is { } rawFinish)
        {
            response.FinishReason = OpenAIFinishReason.Map(rawFinish);
            response.AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = rawFinish };
        }

        return response;
    }

    private static List<double> ReadTokenLogProbabilities(JsonElement choice)
    {
        var values = new List<double>();
        if (choice.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.Object
            && logprobs.TryGetProperty("token_logprobs", out var tokens) && tokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in tokens.EnumerateArray())
            {
                // The first token of an echoed prompt has null; generated tokens always have a number.
                if (token.ValueKind == JsonValueKind.Number)
                {
                    values.Add(token.GetDouble());
                }
            }
        }

        return values;
    }
}
