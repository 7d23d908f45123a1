using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Switchboard.Core.Observability;
using Switchboard.Errors;
using Switchboard.Models;

namespace Switchboard.Core.Routing;

/// <summary>
/// The Polly pipeline of one route target: retry with exponential backoff and jitter (honouring Retry-After),
/// around a circuit breaker that puts a failing deployment in cooldown. Kept per target for the router's life,
/// so cooldowns outlast a single call.
/// </summary>
internal static class TargetPipeline
{
    public static ResiliencePipeline Create(RouterOptions options, TimeProvider time, ModelId target)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(Retry(options, target));
        }

        return builder.AddCircuitBreaker(Cooldown(options)).Build();
    }

    private static RetryStrategyOptions Retry(RouterOptions options, ModelId target) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.BaseDelay,
        MaxDelay = options.MaxDelay,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { IsRetryable: true } error
            && (error.RetryAfter is null || error.RetryAfter <= options.MaxRetryAfter)),
        // The provider knows best how long it needs: its Retry-After replaces our backoff when present.
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { RetryAfter: { } wait } ? (TimeSpan?)wait : null),
        OnRetry = args =>
        {
            RequestObserver.Current?.Retrying(target, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception!);
            return ValueTask.CompletedTask;
        },
    };

    private static CircuitBreakerStrategyOptions Cooldown(RouterOptions options) => new()
    {
        FailureRatio = 1.0,
        MinimumThroughput = Math.Max(2, options.CooldownAfterFailures),
        SamplingDuration = options.CooldownSamplingWindow,
        BreakDuration = options.CooldownDuration,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { IsRetryable: true }),
    };
}
