using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>Streaming through real HTTP (Kestrel): framing across reads, cuts, early ends, errors, cancellation.</summary>
public sealed class OpenAIStreamingClientTests
{
    private static readonly byte[] ToolAndTextStream = Sse(
    [
        Delta("""{"role":"assistant","content":"Checking "}"""),
        Delta("""{"content":"both: ✓ — 東京"}"""),
        Delta("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":"}},{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]}"""),
        Delta("""{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":\"Asia/Tokyo\"}"}},{"index":0,"function":{"arguments":"\"Tokyo\"}"}}]}"""),
        Finish("tool_calls"),
        Usage(120, 40),
    ]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public async Task Events_split_across_network_reads_parse_the_same(int pieceSize)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler(ToolAndTextStream, pieceSize, pauseMs: 0);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token));

        Assert.Equal("Checking both: ✓ — 東京", TextOf(updates));
        var calls = All<FunctionCallContent>(updates);
        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal("Tokyo", calls[0].Arguments!["city"]!.ToString());
        Assert.Equal("Asia/Tokyo", calls[1].Arguments!["tz"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Equal(160, Assert.Single(All<UsageContent>(updates)).Details.TotalTokenCount);
    }

    [Fact]
    public async Task Crlf_framed_stream_end_to_end()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler(Sse([Text("one "), Text("two"), Finish("stop")], newline: "\r\n"), pieceSize: 3, pauseMs: 0);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token));

        Assert.Equal("one two", TextOf(updates));
    }

    [Fact]
    public async Task Error_event_in_a_200_stream_throws_after_the_text_before_it()
    {
        var body = Encoding.UTF8.GetBytes(
            "data: " + Text("Partial ") + "\n\n"
            + "data: " + Text("answer") + "\n\n"
            + "event: error\ndata: {\"error\":{\"message\":\"The server had an error processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler(body);
        using var client = Client(server);

        var received = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token))
            {
                received.Add(update);
            }
        });

        Assert.Equal("Partial answer", TextOf(received));
        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Equal("The server had an error processing your request.", error.ProviderMessage);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Connection_cut_mid_stream_is_stream_interrupted()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await EmulatorServer.WriteInPiecesAsync(context.Response, Sse([Text("Hello"), Text(" wor")], done: false), 16, TimeSpan.FromMilliseconds(1), context.RequestAborted);
            await context.Response.Body.WriteAsync("data: {\"id\":\"chatcmpl-1\",\"choi"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            EmulatorServer.Abort(context);
        };
        using var client = Client(server);

        var received = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token))
            {
                received.Add(update);
            }
        });

        Assert.Equal("Hello wor", TextOf(received));
        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task Stream_ending_without_done_or_finish_is_stream_interrupted()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler(Sse([Text("Hello"), Text(" there")], done: false));
        using var client = Client(server);

        var received = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token))
            {
                received.Add(update);
            }
        });

        Assert.Equal("Hello there", TextOf(received));
        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
        Assert.Contains("[DONE]", error.ProviderMessage);
    }

    [Fact]
    public async Task Stream_with_a_finish_but_no_done_completes()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler(Sse([Text("Hi"), Finish("stop")], done: false));
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token));

        Assert.Equal("Hi", TextOf(updates));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Empty_body_is_stream_interrupted()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler([]);
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token)));

        Assert.Equal(ProviderErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public async Task Malformed_json_is_invalid_response_not_a_hang()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + Text("ok") + "\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"x\"}]\n\n"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);

            // Keep the connection open: the client must fail on the bad event, not wait for more bytes.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        using var client = Client(server);

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token)));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Done_ends_the_stream_even_if_the_server_keeps_the_connection_open()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Sse([Text("done soon"), Finish("stop")]), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => released.TrySetResult(), TaskScheduler.Default);
        };
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token)).WaitAsync(TimeSpan.FromSeconds(5), Token);

        Assert.Equal("done soon", TextOf(updates));
        await released.Task.WaitAsync(TimeSpan.FromSeconds(1), Token);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_promptly_and_aborts_the_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "text/event-stream";
            try
            {
                for (var i = 0; i < 1000; i++)
                {
                    await context.Response.Body.WriteAsync(Sse([Text($"tick {i} ")], done: false), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(20, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away, as it should.
            }
        };
        using var client = Client(server);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var received = 0;
        var stopwatch = new Stopwatch();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: cancellation.Token))
            {
                if (++received == 2)
                {
                    stopwatch.Start();
                    cancellation.Cancel();
                }
            }
        });

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"cancellation took {stopwatch.Elapsed}");
        Assert.Equal(2, received);

        // At once, not after the handler's default 2 s drain of the unread body.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(1), Token);
    }

    [Fact]
    public async Task Stopping_early_releases_the_connection()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Sse([Text("first"), Text("second")], done: false), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        using var client = Client(server);

        await foreach (var update in client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token))
        {
            Assert.Equal("first", update.Text);
            break;
        }

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(1), Token);
    }

    [Fact]
    public async Task Streamed_updates_aggregate_to_a_chat_response()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = StreamHandler(ToolAndTextStream, pieceSize: 64, pauseMs: 0);
        using var client = Client(server);

        var response = await client.GetStreamingResponseAsync(UserSays("go"), cancellationToken: Token).ToChatResponseAsync(Token);

        Assert.Equal("Checking both: ✓ — 東京", response.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("gpt-test", response.ModelId);
        Assert.Equal("chatcmpl-1", response.ResponseId);
        Assert.Equal(2, response.Messages.Single().Contents.OfType<FunctionCallContent>().Count());
        Assert.Equal(120, response.Usage!.InputTokenCount);
        Assert.Equal(40, response.Usage.OutputTokenCount);
    }
}
