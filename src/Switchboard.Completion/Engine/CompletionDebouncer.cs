using System.Collections.Concurrent;

namespace Switchboard.Completion.Engine;

/// <summary>
/// Waits a short quiet time before starting a completion and cancels the one still pending or running for the same
/// document when a newer request arrives: while the user types, only the last keystroke's completion reaches the
/// model. Time comes from a <see cref="TimeProvider"/> so tests need not sleep.
/// </summary>
public sealed class CompletionDebouncer
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);
    private readonly TimeSpan _delay;
    private readonly TimeProvider _time;

    /// <param name="delay">The quiet time (Continue waits 250 ms by default, Copilot about 75 ms).</param>
    /// <param name="time">The clock; the system's when null.</param>
    public CompletionDebouncer(TimeSpan delay, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _delay = delay;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs <paramref name="work"/> for <paramref name="key"/> after the quiet time, unless superseded.</summary>
    /// <exception cref="OperationCanceledException">A newer request for the same key arrived, or the caller cancelled.</exception>
    public async Task<T> RunAsync<T>(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        var mine = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pending.AddOrUpdate(key, mine, (_, old) =>
        {
            CancelQuietly(old);
            return mine;
        });

        try
        {
            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay, _time, mine.Token).ConfigureAwait(false);
            }

            return await work(mine.Token).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<string, CancellationTokenSource>(key, mine));
            mine.Dispose();
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished and was disposed between the lookup and now: nothing left to cancel.
        }
    }
}
