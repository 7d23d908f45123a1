using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Providers;

namespace Switchboard.Cli.Tests;

/// <summary>A provider whose answers trickle out word by word, so a test can stop one half-way.</summary>
internal sealed class SlowFakeChatClient(string[] words, TimeSpan pause) : ProviderDescriptor, IChatClient
{
    public int RequestsStarted { get; private set; }

    public List<int> MessageCounts { get; } = [];

    public override string Protocol => "fake";

    /// <summary>Free, so the budget and cost paths treat it as a real provider would be treated.</summary>
    public override bool IsFree => true;

    public override IChatClient CreateChatClient(ProviderClientContext context) => this;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequestsStarted++;
        MessageCounts.Add(messages.Count());
        foreach (var word in words)
        {
            await Task.Delay(pause, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ");
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = words.Length })] };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
