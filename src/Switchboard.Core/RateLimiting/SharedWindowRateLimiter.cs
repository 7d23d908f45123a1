using System.Threading.RateLimiting;
using Switchboard.Core.Observability;

namespace Switchboard.Core.RateLimiting;

/// <summary>
/// A System.Threading.RateLimiting <see cref="RateLimiter"/> whose window lives in an <see cref="IRateLimitStore"/>,
/// so the limit holds across processes (the library's own limiters count in one process only). A permit is a token:
/// acquiring N permits records one request of N tokens, checked against both the request and the token limit.
/// Requests of this process queue in arrival order; a request that must wait is reported to the current
/// <see cref="RequestObserver"/>, so a surface can say it is waiting and for how long.
/// </summary>
public sealed class SharedWindowRateLimiter : RateLimiter
{
    private readonly IRateLimitStore _store;
    private readonly string _bucket;
    private readonly RateLimitRule _rule;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _queue = new(1, 1);
    private readonly int _queueLimit;
    private int _waiting;
    private long _successful;
    private long _failed;
    private long? _idleSince;

    /// <param name="store">Where the window lives.</param>
    /// <param name="bucket">The window's name: one per provider account.</param>
    /// <param name="rule">The limits.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="queueLimit">Requests of this process that may wait; more fail at once as rate limited.</param>
    public SharedWindowRateLimiter(IRateLimitStore store, string bucket, RateLimitRule rule, TimeProvider? timeProvider = null, int queueLimit = 10_000)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queueLimit);
        _store = store;
        _bucket = bucket;
        _rule = rule;
        _time = timeProvider ?? TimeProvider.System;
        _queueLimit = queueLimit;
        _idleSince = _time.GetTimestamp();
    }

    /// <summary>The window's name.</summary>
    public string Bucket => _bucket;

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => _idleSince is { } since ? _time.GetElapsedTime(since) : null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentQueuedCount = Volatile.Read(ref _waiting),
        TotalSuccessfulLeases = Interlocked.Read(ref _successful),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    /// <summary>Tries without waiting; this asks the store synchronously, so prefer <see cref="RateLimiter.AcquireAsync"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var decision = _store.TryAcquireAsync(_bucket, _rule, permitCount, _time.GetUtcNow()).GetAwaiter().GetResult();
        return Lease(decision);
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            Interlocked.Increment(ref _failed);
            return new WindowLease(false, null);
        }

        _idleSince = null;
        var started = _time.GetTimestamp();
        var reported = false;
        try
        {
            await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var decision = await _store.TryAcquireAsync(_bucket, _rule, permitCount, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    if (decision.Acquired)
                    {
                        Interlocked.Increment(ref _successful);
                        return new WindowLease(true, null);
                    }

                    if (!reported)
                    {
                        reported = true;
                        RequestObserver.Current?.QueueWaitStarted(_bucket, decision.RetryAfter);
                    }

                    // Another process may take the room first; the store is asked again when the window should have some.
                    await Task.Delay(decision.RetryAfter + TimeSpan.FromMilliseconds(5), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _queue.Release();
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _waiting) == 0)
            {
                _idleSince = _time.GetTimestamp();
            }

            if (reported)
            {
                RequestObserver.Current?.QueueWaitEnded(_bucket, _time.GetElapsedTime(started));
            }
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _queue.Dispose();
        }

        base.Dispose(disposing);
    }

    private RateLimitLease Lease(RateLimitDecision decision)
    {
        Interlocked.Increment(ref decision.Acquired ? ref _successful : ref _failed);
        return new WindowLease(decision.Acquired, decision.Acquired ? null : decision.RetryAfter);
    }

    /// <summary>A window counts request starts, not concurrency: releasing a lease gives nothing back early.</summary>
    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
