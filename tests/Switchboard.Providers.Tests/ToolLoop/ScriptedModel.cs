using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Switchboard.Providers.Tests.Infrastructure;

namespace Switchboard.Providers.Tests.ToolLoop;

/// <summary>
/// A stateful model behind the emulator: every request is checked as the real API would check it, its tool results
/// are read in the protocol's wire format, and the script decides the next turn from them. A request the API would
/// refuse, or a script assertion that fails, is answered with the protocol's 400 and kept in <see cref="Failures"/>,
/// so a test reports what was wrong with the request instead of only the client's error.
/// </summary>
internal sealed class ScriptedModel
{
    private readonly ToolLoopProtocol _protocol;
    private readonly Func<int, IReadOnlyList<WireToolResult>, ModelTurn> _script;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<IReadOnlyList<WireToolResult>> _received = new();
    private int _turns;

    /// <param name="server">The emulator whose handler this model becomes.</param>
    /// <param name="protocol">The wire protocol spoken.</param>
    /// <param name="script">The next turn from the 1-based request number and the tool results that request carried.</param>
    public ScriptedModel(EmulatorServer server, ToolLoopProtocol protocol, Func<int, IReadOnlyList<WireToolResult>, ModelTurn> script)
    {
        _protocol = protocol;
        _script = script;
        server.Handler = HandleAsync;
    }

    /// <summary>The tool results each accepted request carried, in request order (empty for a first turn).</summary>
    public IReadOnlyList<IReadOnlyList<WireToolResult>> Received => [.. _received];

    public IReadOnlyList<string> Failures => [.. _failures];

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var turn = Interlocked.Increment(ref _turns);
        string body;
        try
        {
            if (request.PathAndQuery != _protocol.ExpectedPath)
            {
                throw new WireFormatException($"The request went to {request.PathAndQuery}, not {_protocol.ExpectedPath}.");
            }

            var results = _protocol.ReadToolResults(request.Json);
            _received.Enqueue(results);
            var next = _script(turn, results);
            body = next.Calls is { } calls ? _protocol.ToolCallTurn(turn, calls) : _protocol.TextTurn(turn, next.Answer!);
        }
        catch (Exception ex)
        {
            _failures.Enqueue($"request {turn}: {ex.Message}");
            var (status, error) = _protocol.Rejection(ex.Message);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(error, context.RequestAborted);
            return;
        }

        context.Response.ContentType = _protocol.ContentType;
        await EmulatorServer.WriteInPiecesAsync(context.Response, Encoding.UTF8.GetBytes(body), pieceSize: 64, TimeSpan.FromMilliseconds(1), context.RequestAborted);
    }
}
