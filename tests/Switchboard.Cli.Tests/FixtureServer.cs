using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Cli.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers each request path with a recorded provider transcript,
/// written in small pieces like a model streaming, so the CLI is tested over real HTTP end to end.
/// </summary>
internal sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string File, string ContentType)> _routes = new();

    private FixtureServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Paths requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The body of each request that had one, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _files = new();

    /// <summary>Answers GET requests for exactly <paramref name="path"/> with <paramref name="bytes"/> (an image, say).</summary>
    public void ServeFile(string path, byte[] bytes, string contentType) => _files[path] = (bytes, contentType);

    /// <summary>Answers requests whose path contains <paramref name="pathPart"/> with the fixture file.</summary>
    public void Route(string pathPart, string fixture, int status = 200, string contentType = "text/event-stream") =>
        _routes[pathPart] = (status, fixture, contentType);

    public static async Task<FixtureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FixtureServer(app);
        app.Run(async context =>
        {
            server.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (server._files.TryGetValue(context.Request.Path, out var file))
            {
                context.Response.ContentType = file.ContentType;
                await context.Response.Body.WriteAsync(file.Bytes);
                return;
            }

            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(context.Request.Body);
                server.Bodies.Enqueue(await reader.ReadToEndAsync());
            }
            var route = server._routes.FirstOrDefault(r => (context.Request.Path + context.Request.QueryString).ToString().Contains(r.Key, StringComparison.Ordinal));
            if (route.Key is null)
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"no route in the test server\"}}");
                return;
            }

            var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", route.Value.File));
            context.Response.StatusCode = route.Value.Status;
            context.Response.ContentType = route.Value.Status == 200 ? route.Value.ContentType : "application/json";
            for (var offset = 0; offset < bytes.Length; offset += 64)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(64, bytes.Length - offset)));
                await context.Response.Body.FlushAsync();
                await Task.Delay(1);
            }
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
