using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Tokens;

namespace Switchboard.Core.RateLimiting;

/// <summary>
/// Holds each request in the provider's rate-limit queue until it may be sent, counting it as one request and its
/// estimated tokens (input estimate plus output allowance, as providers count against tokens-per-minute). Sits
/// outside the cost ledger, so time in the queue is never reported as the provider's latency.
/// </summary>
public sealed class RateLimitingChatClient : DelegatingChatClient
{
    private readonly RateLimiter _limiter;
    private readonly string _provider;
    private readonly RequestTokenEstimator _estimator;

    /// <param name="innerClient">The provider's client (with its ledger step).</param>
    /// <param name="limiter">The provider account's limiter; a permit is a token.</param>
    /// <param name="provider">The provider name, for errors.</param>
    /// <param name="estimator">Estimates a request's input tokens.</param>
    public RateLimitingChatClient(IChatClient innerClient, RateLimiter limiter, string provider, RequestTokenEstimator estimator)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(estimator);
        _limiter = limiter;
        _provider = provider;
        _estimator = estimator;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        using var lease = await AcquireAsync(list, options, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        using var lease = await AcquireAsync(list, options, cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Estimated input tokens plus the output allowance.</summary>
    public int Estimate(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options) =>
        (int)Math.Min(int.MaxValue, _estimator.EstimateInput(messages, options) + (options?.MaxOutputTokens ?? 0));

    private async Task<RateLimitLease> AcquireAsync(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(Math.Max(1, Estimate(messages, options)), cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ProviderException(ProviderErrorKind.RateLimited, _provider, "Too many requests are already waiting for this provider's rate limit.");
        }

        return lease;
    }
}
