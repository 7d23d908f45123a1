using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Completion.Benchmarks;

/// <summary>A model that answers at once with fixed candidates: what is left is the engine's own cost.</summary>
internal sealed class ZeroLatencyModel : IChatClient
{
    private static readonly UsageDetails Usage = new() { InputTokenCount = 900, OutputTokenCount = 12, TotalTokenCount = 912 };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(
        [
            FillInTheMiddle.CreateCandidate("item.WithAmount1(total);", -0.2),
            FillInTheMiddle.CreateCandidate("item.WithAmount2(total);", -0.9),
            FillInTheMiddle.CreateCandidate("item.WithAmount1(total);", -0.3),
        ])
        { Usage = Usage, ModelId = "zero-latency" });

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
