using System.Threading.RateLimiting;
using Switchboard.Errors;

namespace Switchboard.Core.RateLimiting;

/// <summary>
/// Requests-per-minute and tokens-per-minute limits for one provider, as a queue: a request waits (in order)
/// until both limits have room, instead of being sent and bounced with a 429.
/// </summary>
public sealed class ProviderRateLimiter : IAsyncDisposable
{
    private readonly RateLimiter? _requests;
    private readonly RateLimiter? _tokens;
    private readonly int _tokenLimit;

    /// <param name="provider">The provider name, for errors.</param>
    /// <param name="requestsPerWindow">Requests allowed per window, or null for no limit.</param>
    /// <param name="tokensPerWindow">Tokens (prompt estimate plus output allowance) per window, or null for no limit.</param>
    /// <param name="window">One minute for real use; tests pass a shorter one.</param>
    /// <param name="queueLimit">Requests that may wait; more fail at once as rate limited.</param>
    public ProviderRateLimiter(string provider, int? requestsPerWindow, int? tokensPerWindow, TimeSpan? window = null, int queueLimit = 10_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        Provider = provider;
        var span = window ?? TimeSpan.FromMinutes(1);
        if (requestsPerWindow is { } requests)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requests);
            _requests = Create(requests, span, queueLimit);
        }

        if (tokensPerWindow is { } tokens)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
            _tokenLimit = tokens;
            _tokens = Create(tokens, span, int.MaxValue);
        }
    }

    public string Provider { get; }

    /// <summary>Waits until the request may be sent. The returned leases are released when disposed.</summary>
    /// <exception cref="ProviderException">Kind RateLimited when the local queue is full.</exception>
    public async Task<IDisposable> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        RateLimitLease? request = null;
        if (_requests is not null)
        {
            request = await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!request.IsAcquired)
            {
                request.Dispose();
                throw new ProviderException(ProviderErrorKind.RateLimited, Provider, "Too many requests are already waiting for this provider's requests-per-minute limit.");
            }
        }

        RateLimitLease? tokens = null;
        if (_tokens is not null)
        {
            // A request larger than the whole per-minute allowance still goes, alone, once the window is empty.
            tokens = await _tokens.AcquireAsync(Math.Clamp(estimatedTokens, 1, _tokenLimit), cancellationToken).ConfigureAwait(false);
            if (!tokens.IsAcquired)
            {
                tokens.Dispose();
                request?.Dispose();
                throw new ProviderException(ProviderErrorKind.RateLimited, Provider, "The tokens-per-minute queue for this provider is full.");
            }
        }

        return new Leases(request, tokens);
    }

    public async ValueTask DisposeAsync()
    {
        if (_requests is not null)
        {
            await _requests.DisposeAsync().ConfigureAwait(false);
        }

        if (_tokens is not null)
        {
            await _tokens.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A sliding window (six segments) so a burst at a minute's edge cannot double the rate.</summary>
    private static SlidingWindowRateLimiter Create(int permits, TimeSpan window, int queueLimit) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = 6,
        QueueLimit = queueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    private sealed class Leases(RateLimitLease? request, RateLimitLease? tokens) : IDisposable
    {
        public void Dispose()
        {
            // Window limiters count starts, not concurrency: disposing does not give the permit back early.
            request?.Dispose();
            tokens?.Dispose();
        }
    }
}
