using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Core.Tests;

/// <summary>A provider double that plays queued streams in order; each call takes the next one.</summary>
internal sealed class ScriptedChatClient(Queue<Func<IAsyncEnumerable<ChatResponseUpdate>>> script) : IChatClient
{
    /// <summary>"stream" or "response" per call, in order.</summary>
    public List<string> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add("response");
        return Play(cancellationToken).ToChatResponseAsync(cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add("stream");
        await foreach (var update in Play(cancellationToken))
        {
            yield return update;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> Play([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in script.Dequeue()().WithCancellation(cancellationToken))
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
