using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Errors;

namespace Switchboard.Core.Tests;

/// <summary>
/// Answers every call after a short pause with 2 input and 50 output tokens ($0.000502 on a $1/$10 model), or fails
/// before answering, as told.
/// </summary>
internal sealed class MeteredClient : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    /// <summary>When set, every call fails with this before producing anything.</summary>
    public ProviderException? Failure { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(5, cancellationToken);
        if (Failure is { } failure)
        {
            throw failure;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 2, OutputTokenCount = 50 })] };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
