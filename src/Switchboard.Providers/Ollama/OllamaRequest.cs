using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Ollama;

/// <summary>What one <c>/api/chat</c> call sends: the state handed to <see cref="OllamaRequestWriter"/>.</summary>
internal sealed record OllamaRequest(string Provider, string Model, IEnumerable<ChatMessage> Messages, ChatOptions? Options, bool Stream);
