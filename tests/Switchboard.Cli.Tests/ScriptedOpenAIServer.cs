using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Cli.Tests;

/// <summary>
/// An OpenAI-compatible Chat Completions server on real Kestrel whose n-th request gets the n-th scripted answer:
/// streamed tool calls or text, in the wire format of the recorded OpenAI transcripts.
/// </summary>
internal sealed class ScriptedOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(Func<string> Sse, TimeSpan Pause)> _answers = new();

    private ScriptedOpenAIServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Request bodies, in order.</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    public void EnqueueToolCalls(params (string Id, string Name, string Arguments)[] calls) => _answers.Enqueue((() => ToolCallStream(calls), TimeSpan.Zero));

    public void EnqueueText(string text) => _answers.Enqueue((() => TextStream(text), TimeSpan.Zero));

    /// <summary>A text answer whose events are sent with <paramref name="pause"/> between them, like a slow model.</summary>
    public void EnqueueSlowText(string text, TimeSpan pause) => _answers.Enqueue((() => TextStream(text), pause));

    /// <summary>Requests the client abandoned before the answer was fully written.</summary>
    public int AbortedRequests => _aborted;

    private int _aborted;

    public static async Task<ScriptedOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedOpenAIServer(app);
        app.MapPost("/v1/chat/completions", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            server.Requests.Enqueue(body.RootElement.Clone());
            if (!server._answers.TryDequeue(out var answer))
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"error":{"message":"the test script has no more answers","type":"server_error"}}""");
                return;
            }

            context.Response.ContentType = "text/event-stream";
            try
            {
                foreach (var line in answer.Sse().Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    await context.Response.WriteAsync(line + "\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    if (answer.Pause > TimeSpan.Zero)
                    {
                        await Task.Delay(answer.Pause, context.RequestAborted);
                    }
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                Interlocked.Increment(ref server._aborted);
            }
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.First() + "/v1";
        return server;
    }

    /// <summary>The messages of request <paramref name="index"/>.</summary>
    public IReadOnlyList<JsonElement> MessagesOf(int index) => Requests.ElementAt(index).GetProperty("messages").EnumerateArray().ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Chunk(string choices, string? usage = null) =>
        "data: {\"id\":\"chatcmpl-test\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"gpt-test\",\"choices\":" + choices
        + (usage is null ? "" : ",\"usage\":" + usage) + "}\n\n";

    private static string ToolCallStream((string Id, string Name, string Arguments)[] calls)
    {
        var sse = new StringBuilder();
        for (var i = 0; i < calls.Length; i++)
        {
            var (id, name, arguments) = calls[i];
            sse.Append(Chunk($$$"""[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":{{{i}}},"id":"{{{id}}}","type":"function","function":{"name":"{{{name}}}","arguments":""}}]},"finish_reason":null}]"""));
            sse.Append(Chunk($$$"""[{"index":0,"delta":{"tool_calls":[{"index":{{{i}}},"function":{"arguments":{{{JsonSerializer.Serialize(arguments, TestJsonContext.Default.String)}}}}}]},"finish_reason":null}]"""));
        }

        sse.Append(Chunk("""[{"index":0,"delta":{},"finish_reason":"tool_calls"}]"""));
        sse.Append(Chunk("[]", """{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30}"""));
        return sse.Append("data: [DONE]\n\n").ToString();
    }

    private static string TextStream(string text)
    {
        var sse = new StringBuilder();
        sse.Append(Chunk("""[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]"""));
        foreach (var word in text.Split(' '))
        {
            sse.Append(Chunk($$$"""[{"index":0,"delta":{"content":{{{JsonSerializer.Serialize(word + " ", TestJsonContext.Default.String)}}}},"finish_reason":null}]"""));
        }

        sse.Append(Chunk("""[{"index":0,"delta":{},"finish_reason":"stop"}]"""));
        sse.Append(Chunk("[]", """{"prompt_tokens":30,"completion_tokens":8,"total_tokens":38}"""));
        return sse.Append("data: [DONE]\n\n").ToString();
    }
}
