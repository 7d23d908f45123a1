using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>Streams through real HTTP (the Kestrel emulator): framing, network reads, cuts, early ends, errors and cancellation.</summary>
public sealed class AnthropicStreamingHttpTests
{
    [Fact]
    public async Task Error_event_inside_a_200_stream_delivers_the_text_before_it_then_throws()
    {
        var sse = MessageStart() + TextStart(0) + TextDelta(0, "Half an ans")
            + Event("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(sse);
        using var client = CreateClient(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("Half an ans", TextOf(updates));
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.Overloaded, providerError.Kind);
        Assert.Equal("overloaded_error", providerError.ErrorType);
        Assert.Equal("Overloaded", providerError.ProviderMessage);
        Assert.True(providerError.IsRetryable);
        Assert.DoesNotContain(ApiKey, providerError.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crlf_framing_is_accepted()
    {
        var sse = TextStream("Line one", ", line two").Replace("\n", "\r\n", StringComparison.Ordinal);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(sse);
        using var client = CreateClient(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("Line one, line two", TextOf(updates));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public async Task Events_split_across_network_reads_are_reassembled(int pieceSize)
    {
        // Multi-byte UTF-8 and escapes, so some pieces end inside a character or an escape sequence.
        var sse = TextStream("Grüße, ", "世界 ", "\"quoted\"\n") + Ping();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(sse, pieceSize, pauseMs: 0);
        using var client = CreateClient(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("Grüße, 世界 \"quoted\"\n", TextOf(updates));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Connection_cut_mid_stream_is_stream_interrupted_after_the_text_so_far()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            var head = Encoding.UTF8.GetBytes(MessageStart() + TextStart(0) + TextDelta(0, "So far"));
            await EmulatorServer.WriteInPiecesAsync(context.Response, head, 64, TimeSpan.Zero, context.RequestAborted);
            await Task.Delay(50, context.RequestAborted);
            EmulatorServer.Abort(context);
        };
        using var client = CreateClient(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("So far", TextOf(updates));
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, providerError.Kind);
        Assert.True(providerError.IsRetryable);
    }

    [Fact]
    public async Task Stream_that_ends_without_message_stop_is_stream_interrupted()
    {
        var sse = MessageStart() + TextStart(0) + TextDelta(0, "Incomplete") + BlockStop(0) + MessageDelta();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(sse);
        using var client = CreateClient(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("Incomplete", TextOf(updates));
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, providerError.Kind);
        Assert.Contains("message_stop", providerError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_200_body_is_stream_interrupted()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(string.Empty);
        using var client = CreateClient(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Empty(updates);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task Malformed_json_in_an_event_is_invalid_response_not_a_hang()
    {
        var sse = MessageStart() + TextStart(0) + TextDelta(0, "ok")
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\n\n"
            + TextDelta(0, "never") + MessageStop();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(sse);
        using var client = CreateClient(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("ok", TextOf(updates));
        Assert.Equal(ProviderErrorKind.InvalidResponse, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task Nothing_after_message_stop_is_read_even_if_the_connection_stays_open()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(TextStream("Done")), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        };
        using var client = CreateClient(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct)).WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal("Done", TextOf(updates));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_promptly_and_aborts_the_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(MessageStart() + TextStart(0) + TextDelta(0, "first")), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        };
        using var client = CreateClient(server);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var stopwatch = new Stopwatch();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello(), cancellationToken: cts.Token))
            {
                if (update.Text.Length == 0)
                {
                    continue; // message_start's input usage
                }

                Assert.Equal("first", update.Text);
                stopwatch.Start();
                await cts.CancelAsync();
            }
        });

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"cancellation took {stopwatch.Elapsed}");
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Cancelling_before_the_headers_arrive_throws_operation_canceled_not_timeout()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted);
        using var client = CreateClient(server);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: cts.Token)));
    }
}
