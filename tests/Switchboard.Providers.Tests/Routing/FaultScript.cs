using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.Routing;

/// <summary>
/// One provider emulator (a real Kestrel server) that answers its n-th request with the n-th scripted step and notes
/// when each request arrived. A request beyond the script gets a 400, so an unexpected retry fails the test loudly.
/// </summary>
internal sealed class FaultScript : IAsyncDisposable
{
    private readonly EmulatorServer _server;
    private readonly ConcurrentQueue<Func<HttpContext, RecordedRequest, Task>> _steps;
    private readonly ConcurrentQueue<long> _arrivals = new();

    private FaultScript(EmulatorServer server, IEnumerable<Func<HttpContext, RecordedRequest, Task>> steps)
    {
        _server = server;
        _steps = new ConcurrentQueue<Func<HttpContext, RecordedRequest, Task>>(steps);
        _server.Handler = async (context, request) =>
        {
            _arrivals.Enqueue(Stopwatch.GetTimestamp());
            if (_steps.TryDequeue(out var step))
            {
                await step(context, request);
                return;
            }

            await Faults.Error(400, """{"error":{"message":"The test scripted no answer for this request.","type":"invalid_request_error"}}""")(context, request);
        };
    }

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Every request received, in order of arrival.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _server.Requests];

    /// <summary>The time between the arrival of each request and the next one.</summary>
    public IReadOnlyList<TimeSpan> Gaps
    {
        get
        {
            var arrivals = _arrivals.ToArray();
            return [.. arrivals.Zip(arrivals.Skip(1), Stopwatch.GetElapsedTime)];
        }
    }

    public static async Task<FaultScript> StartAsync(IEnumerable<Func<HttpContext, RecordedRequest, Task>> steps) =>
        new(await EmulatorServer.StartAsync(), steps);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
