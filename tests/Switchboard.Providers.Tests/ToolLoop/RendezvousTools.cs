using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// get_weather and get_time, each of which waits until both have started before it returns. Run in parallel they
/// meet and finish at once; run one after the other, the first gives up after <see cref="Patience"/> and fails (its
/// error then reaches the model), so a sequential executor fails the test instead of hanging it.
/// </summary>
internal sealed class RendezvousTools
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _bothStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _calls = new();
    private int _started;
    private volatile bool _gaveUp;

    public RendezvousTools()
    {
        GetWeather = AIFunctionFactory.Create(
            async (string city, CancellationToken cancellationToken) =>
            {
                await MeetAsync($"get_weather({city})", cancellationToken);
                return city == "Paris" ? "18C" : "unknown city";
            },
            "get_weather",
            "Current temperature in a city.");
        GetTime = AIFunctionFactory.Create(
            async (string zone, CancellationToken cancellationToken) =>
            {
                await MeetAsync($"get_time({zone})", cancellationToken);
                return zone == "Europe/Paris" ? "14:05" : "unknown zone";
            },
            "get_time",
            "Current local time in an IANA time zone.");
    }

    public AIFunction GetWeather { get; }

    public AIFunction GetTime { get; }

    /// <summary>The calls made, with their arguments, in the order they started.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Whether both tools were running at the same time (neither gave up waiting for the other).</summary>
    public bool Overlapped => _bothStarted.Task.IsCompletedSuccessfully && !_gaveUp;

    private async Task MeetAsync(string call, CancellationToken cancellationToken)
    {
        _calls.Enqueue(call);
        if (Interlocked.Increment(ref _started) == 2)
        {
            _bothStarted.TrySetResult();
        }

        try
        {
            await _bothStarted.Task.WaitAsync(Patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            _gaveUp = true;
            throw new TimeoutException($"{call} waited {Patience.TotalSeconds}s for the other tool to start: the tools ran one after the other.");
        }
    }
}
