using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers;

namespace Switchboard.Local;

/// <summary>A GGUF model run in this process by llama.cpp (through LLamaSharp), streaming token by token.</summary>
public sealed class LocalChatClient : IChatClient
{
    private const int DefaultMaxOutputTokens = 256;
    private const int DefaultContextSize = 2048;

    private readonly string _modelName;
    private readonly string _path;
    private readonly ChatClientMetadata _metadata;

    /// <param name="modelName">The name after <c>local/</c>.</param>
    /// <param name="path">The GGUF file.</param>
    public LocalChatClient(string modelName, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _modelName = modelName;
        _path = path;
        _metadata = new ChatClientMetadata(LocalProviderDescriptor.ProtocolName, new Uri(Path.GetFullPath(path)), modelName);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.Tools is { Count: > 0 } && options.ToolMode is not NoneChatToolMode)
        {
            throw new ProviderException(ProviderErrorKind.InvalidRequest, LocalProviderDescriptor.ProtocolName,
                $"local/{_modelName} cannot call tools; choose a model with tool support (for example openai/gpt-4.1-mini).");
        }

        var model = LocalModelCache.Get(_path, DefaultContextSize);
        var prompt = LocalPromptBuilder.Build(model, messages, options);
        var promptTokens = model.Weights.Tokenize(prompt, add_bos: true, special: true, Encoding.UTF8).Length;
        var maxTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens;
        if (promptTokens + maxTokens > model.Parameters.ContextSize)
        {
            throw new ProviderException(ProviderErrorKind.ContextLengthExceeded, LocalProviderDescriptor.ProtocolName,
                $"The prompt has {promptTokens} tokens; with {maxTokens} output tokens it exceeds the {model.Parameters.ContextSize}-token context of local/{_modelName}.");
        }

        var inference = new InferenceParams
        {
            MaxTokens = maxTokens,
            AntiPrompts = model.ChatTemplate is null ? [LocalPromptBuilder.UserTurnMarker, .. options?.StopSequences ?? []] : [.. options?.StopSequences ?? []],
            SamplingPipeline = new DefaultSamplingPipeline
            {
                Temperature = options?.Temperature ?? 0.8f,
                TopP = options?.TopP ?? 0.95f,
                TopK = options?.TopK ?? 40,
                Seed = options?.Seed is { } seed ? unchecked((uint)seed) : (uint)Random.Shared.Next(),
            },
        };

        var executor = new StatelessExecutor(model.Weights, model.Parameters);
        var responseId = "local-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        var generated = 0;
        await foreach (var piece in executor.InferAsync(prompt, inference, cancellationToken).ConfigureAwait(false))
        {
            generated++;
            if (piece.Length == 0)
            {
                continue;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, piece)
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = _modelName,
                CreatedAt = created,
            };
        }

        var finish = generated >= maxTokens ? "length" : "stop";
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = _modelName,
            CreatedAt = created,
            FinishReason = finish == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop,
            AdditionalProperties = new() { [SwitchboardProperties.ProviderFinishReason] = finish },
            Contents =
            [
                new UsageContent(new UsageDetails
                {
                    InputTokenCount = promptTokens,
                    OutputTokenCount = generated,
                    TotalTokenCount = promptTokens + generated,
                }),
            ],
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ProviderClientServices.Get(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        // The weights are shared through LocalModelCache and live as long as the process.
    }
}
