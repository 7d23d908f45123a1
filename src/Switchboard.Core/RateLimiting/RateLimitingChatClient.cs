using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Core.RateLimiting;

/// <summary>Holds each request in the provider's rate-limit queue until it may be sent.</summary>
public sealed class RateLimitingChatClient(IChatClient innerClient, ProviderRateLimiter limiter) : DelegatingChatClient(innerClient)
{
    /// <summary>Rough characters per token for the prompt estimate; providers count prompt plus max output against TPM.</summary>
    private const int CharactersPerToken = 4;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        using var lease = await limiter.AcquireAsync(Estimate(list, options), cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        using var lease = await limiter.AcquireAsync(Estimate(list, options), cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Prompt characters / 4 plus the output allowance.</summary>
    public static int Estimate(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options)
    {
        var characters = (options?.Instructions?.Length ?? 0) + messages.Sum(m => (long)m.Text.Length);
        return (int)Math.Min(int.MaxValue, (characters / CharactersPerToken) + 1 + (options?.MaxOutputTokens ?? 0));
    }
}
