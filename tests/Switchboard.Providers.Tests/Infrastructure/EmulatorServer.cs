using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Providers.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that plays a provider: each test sets the handler for the next requests and
/// reads back what was received. Responses are written in small pieces with pauses, like a real model streaming.
/// </summary>
internal sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private EmulatorServer(WebApplication app) => _app = app;

    /// <summary>Handles every request; replace per test.</summary>
    public Func<HttpContext, RecordedRequest, Task> Handler { get; set; } = (context, _) =>
    {
        context.Response.StatusCode = 500;
        return Task.CompletedTask;
    };

    /// <summary>The server root, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    public RecordedRequest LastRequest => _requests.Last();

    public static async Task<EmulatorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new EmulatorServer(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var recorded = new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray());
            server._requests.Enqueue(recorded);
            await server.Handler(context, recorded);
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>Writes <paramref name="bytes"/> in pieces of <paramref name="pieceSize"/> bytes with a pause after each, flushing every piece.</summary>
    public static async Task WriteInPiecesAsync(HttpResponse response, byte[] bytes, int pieceSize, TimeSpan pause, CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
        {
            var count = Math.Min(pieceSize, bytes.Length - offset);
            await response.Body.WriteAsync(bytes.AsMemory(offset, count), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    /// <summary>Cuts the connection without finishing the response (a TCP reset, as a crashed upstream would).</summary>
    public static void Abort(HttpContext context) => context.Abort();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
