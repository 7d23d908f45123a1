using Switchboard.Core.Budgets;
using Switchboard.Core.Usage;
using Switchboard.Models;

namespace Switchboard.Core.Observability;

/// <summary>
/// Hears what happens inside one request as it happens (a wait in a rate-limit queue, a retry, a fallback, each
/// provider call and what it cost, a cache hit), so a surface can show progress and exact per-turn cost. A caller
/// installs one with <see cref="Observe"/> around its calls; the middleware reports to <see cref="Current"/>.
/// </summary>
/// <remarks>
/// Scoped through <see cref="AsyncLocal{T}"/> rather than passed in <c>ChatOptions</c>: options are hashed into
/// cache keys and sent to providers, and an observer is neither.
/// </remarks>
public abstract class RequestObserver
{
    private static readonly AsyncLocal<RequestObserver?> Scope = new();

    /// <summary>The observer of the current request, if any.</summary>
    public static RequestObserver? Current => Scope.Value;

    /// <summary>Makes <paramref name="observer"/> current until the returned scope is disposed.</summary>
    public static IDisposable Observe(RequestObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var previous = Scope.Value;
        Scope.Value = observer;
        return new Restore(previous);
    }

    /// <summary>A request starts waiting in a provider's rate-limit queue.</summary>
    /// <param name="provider">The provider whose limit applies.</param>
    /// <param name="expectedWait">How long the window says it must wait, at least.</param>
    public virtual void QueueWaitStarted(string provider, TimeSpan expectedWait)
    {
    }

    /// <summary>The request left the queue and is sent.</summary>
    public virtual void QueueWaitEnded(string provider, TimeSpan waited)
    {
    }

    /// <summary>An attempt failed and the same target will be tried again after <paramref name="delay"/>.</summary>
    public virtual void Retrying(ModelId target, int attempt, TimeSpan delay, Exception error)
    {
    }

    /// <summary>A target failed for good (or is cooling down) and the next target of the route is tried.</summary>
    public virtual void FallingBack(ModelId from, ModelId to, Exception error)
    {
    }

    /// <summary>The budget did not fit the request and it goes to the cheaper fallback model.</summary>
    public virtual void BudgetFallback(ModelId to, BudgetExceededException refusal)
    {
    }

    /// <summary>A provider call ended (every attempt, retry and tool step): its ledger row, cost included.</summary>
    public virtual void ProviderCallCompleted(UsageRecord record)
    {
    }

    /// <summary>The answer came from the response cache: no provider was called and it cost nothing.</summary>
    public virtual void CacheHit(string partition)
    {
    }

    private sealed class Restore(RequestObserver? previous) : IDisposable
    {
        public void Dispose() => Scope.Value = previous;
    }
}
