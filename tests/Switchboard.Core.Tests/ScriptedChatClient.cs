using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Core.Tests;

/// <summary>A provider double that plays queued streams in order; each call takes the next one.</summary>
internal sealed class ScriptedChatClient(Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>> script) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in script.Dequeue()().WithCancellation(cancellationToken))
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
