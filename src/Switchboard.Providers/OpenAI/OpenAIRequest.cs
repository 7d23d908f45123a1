using Microsoft.Extensions.AI;

namespace Switchboard.Providers.OpenAI;

/// <summary>What one Chat Completions request body is written from.</summary>
/// <param name="Messages">The conversation.</param>
/// <param name="Options">The caller's options, if any.</param>
/// <param name="Model">The model of the client; <see cref="ChatOptions.ModelId"/> overrides it.</param>
/// <param name="Stream">Whether to ask for a stream.</param>
/// <param name="IsOpenAIPlatform">
/// Whether the endpoint is api.openai.com, which rejects fields it does not document (top_k, reasoning text on
/// messages) that compatible servers accept or even require.
/// </param>
internal readonly record struct OpenAIRequest(
    IEnumerable<ChatMessage> Messages,
    ChatOptions? Options,
    string Model,
    bool Stream,
    bool IsOpenAIPlatform);
