using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Errors;

namespace Switchboard.Core.Tests;

/// <summary>Streams some text, then the connection breaks before the provider's usage event.</summary>
internal sealed class CutStreamClient(string text) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        throw new ProviderException(ProviderErrorKind.StreamInterrupted, "openai", "The connection was cut mid-stream.");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
