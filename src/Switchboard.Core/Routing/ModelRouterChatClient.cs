using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Switchboard.Core.Observability;
using Switchboard.Errors;

namespace Switchboard.Core.Routing;

/// <summary>
/// Sends a request to the first healthy target of a route, retrying retryable failures with backoff and moving
/// on to the next target (a fallback model) when one is exhausted or cooling down. For streams, retries and
/// fallbacks happen only before the first token: text already shown to the user is never sent twice, and a
/// failure after it surfaces as the provider's error. A stream that fails before its first token is retried
/// without streaming, which survives proxies and servers that break SSE.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.AI's <c>FailoverChatClient</c> template selects another client after a pre-output failure,
/// but retries with backoff and Retry-After, cooldown of a failing deployment and the non-streaming retry are ours;
/// they are composed from Polly here rather than layered over that template.
/// </remarks>
public sealed class ModelRouterChatClient : IChatClient
{
    private readonly string _route;
    private readonly IReadOnlyList<RouteTarget> _targets;
    private readonly ResiliencePipeline[] _pipelines;
    private readonly RouterOptions _options;

    public ModelRouterChatClient(string route, IReadOnlyList<RouteTarget> targets, RouterOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(route);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count);
        _route = route;
        _targets = targets;
        _options = options ?? new RouterOptions();
        _pipelines = targets.Select(t => TargetPipeline.Create(_options, timeProvider ?? TimeProvider.System, t.Model)).ToArray();
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var messageList = messages as IList<ChatMessage> ?? messages.ToList();
        var failures = new List<(string, Exception)>();
        for (var i = 0; i < _targets.Count; i++)
        {
            var target = _targets[i];
            try
            {
                var response = await _pipelines[i].ExecuteAsync(
                    static async (state, token) => await state.target.Client.GetResponseAsync(state.messageList, state.options, token).ConfigureAwait(false),
                    (target, messageList, options),
                    cancellationToken).ConfigureAwait(false);
                MarkServedBy(response.AdditionalProperties ??= [], target);
                return response;
            }
            catch (Exception ex) when (ShouldFallBack(ex, cancellationToken))
            {
                failures.Add((target.Model.ToString(), ex));
                NoteFallback(i, ex);
            }
        }

        throw Exhausted(failures);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var messageList = messages as IList<ChatMessage> ?? messages.ToList();
        var failures = new List<(string, Exception)>();
        StreamStart? start = null;
        for (var i = 0; i < _targets.Count && start is null; i++)
        {
            var target = _targets[i];
            var streamBrokeEarly = false;
            try
            {
                start = await _pipelines[i].ExecuteAsync(async token =>
                {
                    if (streamBrokeEarly && _options.FallbackToNonStreaming)
                    {
                        var response = await target.Client.GetResponseAsync(messageList, options, token).ConfigureAwait(false);
                        return new StreamStart(target, response.ToChatResponseUpdates(), null);
                    }

                    try
                    {
                        return await OpenUntilFirstTokenAsync(target, messageList, options, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.StreamInterrupted)
                    {
                        // Only a broken stream suggests trying without streaming; an HTTP error status would recur.
                        streamBrokeEarly = true;
                        throw;
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ShouldFallBack(ex, cancellationToken))
            {
                failures.Add((target.Model.ToString(), ex));
                NoteFallback(i, ex);
            }
        }

        if (start is null)
        {
            throw Exhausted(failures);
        }

        var first = true;
        foreach (var update in start.Buffered)
        {
            if (first)
            {
                MarkServedBy(update.AdditionalProperties ??= [], start.Target);
                first = false;
            }

            yield return update;
        }

        if (start.Rest is null)
        {
            yield break;
        }

        // Past the first token: no retries; a failure now is the caller's to see, after the text it already has.
        await using var rest = start.Rest;
        while (await rest.MoveNextAsync().ConfigureAwait(false))
        {
            yield return rest.Current;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _targets[0].Client.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var target in _targets)
        {
            target.Client.Dispose();
        }
    }

    /// <summary>Reads a stream until it yields real content, buffering what came before (ids, role, early usage).</summary>
    private static async Task<StreamStart> OpenUntilFirstTokenAsync(RouteTarget target, IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var stream = target.Client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var buffered = new List<ChatResponseUpdate>();
        try
        {
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                buffered.Add(stream.Current);
                if (stream.Current.Contents.Any(c => c is TextContent { Text.Length: > 0 } or TextReasoningContent or FunctionCallContent))
                {
                    return new StreamStart(target, buffered, stream);
                }
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await stream.DisposeAsync().ConfigureAwait(false);
        return new StreamStart(target, buffered, null);
    }

    /// <summary>Which failures move on to the next target. A malformed request or a refusal would fail on any model.</summary>
    private static bool ShouldFallBack(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        BrokenCircuitException => true,
        ProviderException { Kind: ProviderErrorKind.InvalidRequest or ProviderErrorKind.ContentFiltered } => false,
        ProviderException => true,
        _ => false,
    };

    private Exception Exhausted(List<(string Model, Exception Error)> failures)
    {
        // One target and one failure: the provider's own error is the clearest report.
        if (failures.Count == 1 && failures[0].Error is ProviderException single)
        {
            return single;
        }

        return new RouteExhaustedException(_route, failures);
    }

    private void NoteFallback(int failedTarget, Exception error)
    {
        if (failedTarget + 1 < _targets.Count)
        {
            RequestObserver.Current?.FallingBack(_targets[failedTarget].Model, _targets[failedTarget + 1].Model, error);
        }
    }

    private static void MarkServedBy(AdditionalPropertiesDictionary properties, RouteTarget target) =>
        properties[SwitchboardProperties.ServedBy] = target.Model.ToString();

    private sealed record StreamStart(RouteTarget Target, IEnumerable<ChatResponseUpdate> Buffered, IAsyncEnumerator<ChatResponseUpdate>? Rest);
}
