using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Images.Tests;

/// <summary>An inner client that keeps what it was sent and answers "ok".</summary>
internal sealed class RecordingChatClient : IChatClient
{
    public List<List<ChatMessage>> Calls { get; } = [];

    public List<ChatMessage> Last => Calls[^1];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add([.. messages]);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add([.. messages]);
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
