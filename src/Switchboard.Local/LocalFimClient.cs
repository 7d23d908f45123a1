using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers;

namespace Switchboard.Local;

/// <summary>
/// Fill-in-the-middle with a GGUF model run in this process (see <see cref="FillInTheMiddle"/> for the request
/// convention). A raw prompt is evaluated as given. With a suffix, a model whose vocabulary has FIM tokens
/// (<c>tokenizer.ggml.fim_pre_token_id</c> and friends, read by llama.cpp) gets the prefix-suffix-middle form built
/// from them; a model without (stories260K) can only continue the prefix, so the suffix is left out. Several
/// candidates are sampled one after another with different seeds; each token's log-probability is recorded so the
/// mean can rank them.
/// </summary>
public sealed class LocalFimClient : IChatClient
{
    private const int DefaultMaxOutputTokens = 64;
    private const int DefaultContextSize = 2048;

    private readonly string _modelName;
    private readonly string _path;
    private readonly string _providerName;
    private readonly ChatClientMetadata _metadata;

    /// <param name="model">The name after <c>local/</c> (<c>stories260K</c>) or a path to a <c>.gguf</c> file.</param>
    /// <param name="settings">Where to look for GGUF files (<see cref="ProviderSettings.ModelsDirectory"/>).</param>
    /// <param name="httpClient">Unused: the model runs in this process. Kept so every transport is built alike.</param>
    /// <param name="providerName">The provider name used in errors and metadata.</param>
    /// <exception cref="ProviderException">No GGUF file is found for <paramref name="model"/> (<see cref="ProviderErrorKind.NotFound"/>).</exception>
    public LocalFimClient(string model, ProviderSettings settings, HttpClient? httpClient = null, string providerName = LocalProviderDescriptor.ProtocolName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        _ = httpClient;
        _modelName = model;
        _providerName = providerName;
        _path = LocalModelLocator.Locate(model, settings);
        _metadata = new ChatClientMetadata(providerName, new Uri(_path), model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string prompt;
        string? suffix;
        bool raw;
        int count;
        try
        {
            prompt = FillInTheMiddle.GetPrompt(messages);
            suffix = FillInTheMiddle.GetSuffix(options);
            raw = FillInTheMiddle.IsRaw(options);
            count = FillInTheMiddle.GetCandidateCount(options);
        }
        catch (ArgumentException ex)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, _providerName, ex.Message, innerException: ex);
        }

        if (raw && suffix is not null)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, _providerName,
                $"A raw fill-in-the-middle prompt is already templated; '{FillInTheMiddle.Suffix}' must not be set as well.");
        }

        var model = LocalModelCache.Get(_path, DefaultContextSize);
        var text = raw || suffix is null ? prompt : BuildInfillPrompt(model, prompt, suffix);
        var promptTokens = model.Weights.Tokenize(text, add_bos: true, special: true, Encoding.UTF8).Length;
        var maxTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens;
        if (promptTokens + maxTokens > model.Parameters.ContextSize)
        {
            throw new ProviderException(ProviderErrorKind.ContextLengthExceeded, _providerName,
                $"The prompt has {promptTokens} tokens; with {maxTokens} output tokens it exceeds the {model.Parameters.ContextSize}-token context of local/{_modelName}.");
        }

        var stops = options?.StopSequences is { Count: > 0 } stop ? stop.ToArray() : [];
        var firstSeed = options?.Seed is { } seed ? unchecked((uint)seed) : (uint)Random.Shared.Next();
        var responseId = "local-fim-" + Guid.NewGuid().ToString("N");
        var candidates = new List<ChatMessage>(count);
        var outputTokens = 0;
        var hitLimit = false;
        for (var i = 0; i < count; i++)
        {
            using var recorder = new LogProbabilityRecorder(new DefaultSamplingPipeline
            {
                Temperature = options?.Temperature ?? 0.2f,
                TopP = options?.TopP ?? 0.95f,
                TopK = options?.TopK ?? 40,
                Seed = unchecked(firstSeed + (uint)i),
            });
            var inference = new InferenceParams { MaxTokens = maxTokens, AntiPrompts = stops, SamplingPipeline = recorder };
            var executor = new StatelessExecutor(model.Weights, model.Parameters);
            var output = new StringBuilder();
            var generated = 0;
            await foreach (var piece in executor.InferAsync(text, inference, cancellationToken).ConfigureAwait(false))
            {
                generated++;
                output.Append(piece);
            }

            outputTokens += generated;
            hitLimit |= generated >= maxTokens;
            var candidate = FillInTheMiddle.CreateCandidate(CutAtStop(output.ToString(), stops), Mean(recorder.LogProbabilities));
            candidate.MessageId = $"{responseId}-{i}";
            candidates.Add(candidate);
        }

        return new ChatResponse(candidates)
        {
            ResponseId = responseId,
            ModelId = _modelName,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = hitLimit ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = promptTokens, OutputTokenCount = outputTokens, TotalTokenCount = promptTokens + outputTokens },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Candidates are short and shown whole; the stream replays the finished answer.
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The weights are shared through LocalModelCache and live as long as the process.
    }

    /// <summary>Prefix-suffix-middle with the model's own FIM tokens, or the prefix alone when it has none.</summary>
    private static string BuildInfillPrompt(LoadedModel model, string prefix, string suffix)
    {
        var vocabulary = model.Weights.Vocab;
        if (vocabulary.InfillPrefix is not { } pre || vocabulary.InfillSuffix is not { } suf || vocabulary.InfillMiddle is not { } mid)
        {
            return prefix;
        }

        return string.Concat(
            vocabulary.LLamaTokenToString(pre, true), prefix,
            vocabulary.LLamaTokenToString(suf, true), suffix,
            vocabulary.LLamaTokenToString(mid, true));
    }

    /// <summary>llama.cpp stops after an anti-prompt has been generated; the stop text itself is not part of the answer.</summary>
    private static string CutAtStop(string text, string[] stops)
    {
        var end = text.Length;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < end)
            {
                end = at;
            }
        }

        return text[..end];
    }

    private static double? Mean(IReadOnlyList<double> values) => values.Count == 0 ? null : values.Average();
}
