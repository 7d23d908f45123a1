using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Anthropic;

/// <summary>What one Messages API call is made of: the conversation, the options, the client's model and whether to stream.</summary>
internal readonly record struct AnthropicRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, string Model, bool Stream);
