using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Ollama.OllamaTestKit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>Synthetic /api/chat streams for every line shape the docs describe, and for broken transports.</summary>
public sealed class OllamaStreamTests
{
    private const string Head = """{"model":"qwen3","created_at":"2025-10-26T17:15:24.097767Z","message":{"role":"assistant","content":""" ;

    private static string TextLine(string text) => Head + JsonSerializer.Serialize(text, OllamaTestJsonContext.Default.String) + "},\"done\":false}\n";

    private static string DoneLine(string reason = "stop", int promptTokens = 10, int outputTokens = 5) =>
        $$"""{"model":"qwen3","created_at":"2025-10-26T17:15:25Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"{{reason}}","total_duration":1000,"load_duration":10,"prompt_eval_count":{{promptTokens}},"prompt_eval_duration":5,"eval_count":{{outputTokens}},"eval_duration":7}""" + "\n";

    [Fact]
    public async Task Thinking_then_text_streams_as_reasoning_then_text()
    {
        // https://docs.ollama.com/capabilities/thinking: thinking chunks come before answer chunks.
        var body =
            """{"model":"qwen3","created_at":"2025-10-26T17:15:24Z","message":{"role":"assistant","content":"","thinking":"Let me"},"done":false}""" + "\n" +
            """{"model":"qwen3","created_at":"2025-10-26T17:15:24Z","message":{"role":"assistant","content":"","thinking":" count."},"done":false}""" + "\n" +
            TextLine("391") + DoneLine(outputTokens: 9);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        var reasoning = updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().ToList();
        Assert.Equal(["Let me", " count."], reasoning.Select(r => r.Text));
        Assert.All(reasoning, r => Assert.Null(r.ProtectedData));
        Assert.Equal("391", Text(updates));
        Assert.IsType<TextReasoningContent>(updates[0].Contents.Single());
        Assert.IsType<TextContent>(updates[2].Contents.Single());

        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(9, usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Tool_calls_arrive_whole_several_per_line_and_over_several_lines()
    {
        // Ollama sends each call complete (arguments as an object); qwen3 may send parallel calls in one line or one per line.
        var body =
            TextLine("Checking.") +
            """{"model":"qwen3","created_at":"2025-10-26T17:15:24Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_a","function":{"index":0,"name":"get_temperature","arguments":{"city":"New York"}}},{"function":{"index":1,"name":"get_conditions","arguments":{"city":"New York","units":{"metric":true},"days":[1,2]}}}]},"done":false}""" + "\n" +
            """{"model":"qwen3","created_at":"2025-10-26T17:15:24Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":2,"name":"get_temperature","arguments":{}}}]},"done":false}""" + "\n" +
            DoneLine();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(3, calls.Count);
        Assert.Equal(2, updates[1].Contents.OfType<FunctionCallContent>().Count());
        Assert.Equal("call_a", calls[0].CallId);
        Assert.Equal(["get_temperature", "get_conditions", "get_temperature"], calls.Select(c => c.Name));
        Assert.Equal("New York", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.True(((JsonElement)calls[1].Arguments!["units"]!).GetProperty("metric").GetBoolean());
        Assert.Equal(2, ((JsonElement)calls[1].Arguments!["days"]!).GetArrayLength());
        Assert.Empty(calls[2].Arguments!);

        // Calls without an id get distinct generated ones, stable for the response.
        Assert.False(string.IsNullOrEmpty(calls[1].CallId));
        Assert.NotEqual(calls[1].CallId, calls[2].CallId);
        Assert.Equal(3, calls.Select(c => c.CallId).Distinct().Count());

        // Ollama says "stop" for a turn that ends in tool calls; the normalized reason says ToolCalls.
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Equal("stop", updates[^1].AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);

        // The stream aggregates into one assistant message with the text and the three calls.
        var response = updates.ToChatResponse();
        Assert.Equal("Checking.", response.Text);
        Assert.Equal(3, response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Count());
    }

    [Fact]
    public void Arguments_sent_as_a_json_string_are_parsed_and_bad_ones_are_reported_on_the_call()
    {
        var parser = new OllamaStreamParser("ollama", "r");
        var good = parser.ParseLine("""{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":"{\"a\":1}"}}]},"done":false}"""u8)!;
        var bad = parser.ParseLine("""{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"g","arguments":"{not json"}}]},"done":false}"""u8)!;

        var goodCall = good.Contents.OfType<FunctionCallContent>().Single();
        Assert.Equal(1, ((JsonElement)goodCall.Arguments!["a"]!).GetInt32());
        var badCall = bad.Contents.OfType<FunctionCallContent>().Single();
        Assert.Equal("g", badCall.Name);
        Assert.NotNull(badCall.Exception);
    }

    [Fact]
    public void A_tool_call_without_a_name_is_an_invalid_response()
    {
        var parser = new OllamaStreamParser("ollama", "r");
        Assert.Throws<JsonException>(() => parser.ParseLine("""{"message":{"tool_calls":[{"function":{"arguments":{}}}]},"done":false}"""u8));
    }

    [Theory]
    [InlineData("length", "length")]
    [InlineData("load", "load")]
    [InlineData("unload", "unload")]
    public void Done_reasons_map_to_normalized_values_and_keep_the_raw_one(string raw, string expectedValue)
    {
        var parser = new OllamaStreamParser("ollama", "r");
        var update = parser.ParseLine(Encoding.UTF8.GetBytes(DoneLine(raw)));
        Assert.NotNull(update);
        Assert.Equal(expectedValue, update.FinishReason?.Value);
        Assert.Equal(raw, update.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        if (raw == "length")
        {
            Assert.Equal(ChatFinishReason.Length, update.FinishReason);
        }
    }

    [Fact]
    public void A_done_line_from_an_older_server_without_done_reason_or_counts_is_a_plain_stop()
    {
        // The docs' first chat example ends with {"done": true, ...} and no done_reason.
        var parser = new OllamaStreamParser("ollama", "r");
        var update = parser.ParseLine("""{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","done":true}"""u8);
        Assert.NotNull(update);
        Assert.True(parser.Done);
        Assert.Equal(ChatFinishReason.Stop, update.FinishReason);
        Assert.Null(update.AdditionalProperties);
        Assert.Empty(update.Contents);
    }

    [Fact]
    public void Missing_prompt_eval_count_means_zero_input_tokens()
    {
        var parser = new OllamaStreamParser("ollama", "r");
        var update = parser.ParseLine("""{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":4}"""u8);
        var usage = update!.Contents.OfType<UsageContent>().Single().Details;
        Assert.Equal(0, usage.InputTokenCount);
        Assert.Equal(4, usage.OutputTokenCount);
        Assert.Equal(4, usage.TotalTokenCount);
    }

    [Fact]
    public async Task Unknown_fields_and_empty_keepalive_lines_are_ignored()
    {
        var body =
            "\n" +
            """{"model":"qwen3","created_at":"2025-10-26T17:15:24Z","message":{"role":"assistant","content":"","images":null},"done":false}""" + "\n" +
            """{"model":"qwen3","created_at":"2025-10-26T17:15:24Z","message":{"role":"assistant","content":"Hi","future":{"x":[1,{"y":2}]}},"logprobs":[{"token":"Hi","logprob":-0.1}],"something_new":true,"done":false}""" + "\n" +
            "   \n" +
            DoneLine();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(2, updates.Count);
        Assert.Equal("Hi", Text(updates));
        Assert.NotNull(updates[^1].FinishReason);
    }

    [Fact]
    public async Task An_error_line_inside_a_200_stream_throws_after_the_text_already_delivered()
    {
        // https://docs.ollama.com/api/errors: "If an error occurs mid-stream, the error will be returned as an object ... with an error property."
        var body = TextLine("Yes") + TextLine(".") + """{"error":"an error was encountered while running the model"}""" + "\n";
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body);
        using var client = Client(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("Yes.", Text(updates));
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, providerError.Kind);
        Assert.Equal("an error was encountered while running the model", providerError.ProviderMessage);
        Assert.Equal(HttpStatusCode.OK, providerError.StatusCode);
        Assert.True(providerError.IsRetryable);
    }

    [Fact]
    public void An_error_object_in_a_stream_line_is_classified_by_its_text()
    {
        var parser = new OllamaStreamParser("ollama", "r");
        var error = Assert.Throws<ProviderException>(() => parser.ParseLine("""{"error":{"message":"server overloaded, please retry","type":"overloaded"}}"""u8));
        Assert.Equal(ProviderErrorKind.Overloaded, error.Kind);
        Assert.Equal("overloaded", error.ErrorType);
    }

    [Fact]
    public async Task Crlf_framing_is_tolerated()
    {
        var body = (TextLine("a") + TextLine("b") + DoneLine()).Replace("\n", "\r\n", StringComparison.Ordinal);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body, pieceSize: 5);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("ab", Text(updates));
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
    public async Task Lines_split_across_network_reads_are_reassembled(int pieceSize)
    {
        // Multi-byte UTF-8 (é, 🙂) split between reads must survive too.
        var body = TextLine("héllo ") + TextLine("wörld 🙂") + TextLine("\n") + DoneLine();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(Encoding.UTF8.GetBytes(body), pieceSize, pauseMs: 0);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("héllo wörld 🙂\n", Text(updates));
        Assert.Equal(4, updates.Count);
    }

    [Fact]
    public async Task A_last_line_without_a_trailing_newline_is_still_read()
    {
        var body = TextLine("x") + DoneLine().TrimEnd('\n');
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task A_connection_cut_mid_stream_is_stream_interrupted_after_the_delivered_text()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync(TextLine("partial"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(50, context.RequestAborted);
            EmulatorServer.Abort(context);
        };
        using var client = Client(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("partial", Text(updates));
        Assert.Equal(ProviderErrorKind.StreamInterrupted, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task A_stream_that_ends_without_done_is_stream_interrupted()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(TextLine("one") + TextLine("two"));
        using var client = Client(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("onetwo", Text(updates));
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, providerError.Kind);
        Assert.Contains("done", providerError.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_is_stream_interrupted()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(string.Empty);
        using var client = Client(server);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Empty(updates);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, Assert.IsType<ProviderException>(error).Kind);
    }

    [Theory]
    [InlineData("{\"model\":\"qwen3\",\"message\":{\"content\":\"x\"")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"message\":{\"content\":\"x\"}}}")]
    public async Task Malformed_json_is_an_invalid_response_not_a_hang(string badLine)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(TextLine("ok") + badLine + "\n" + DoneLine());
        using var client = Client(server, timeoutSeconds: 10);

        var (updates, error) = await CollectUntilErrorAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("ok", Text(updates));
        Assert.Equal(ProviderErrorKind.InvalidResponse, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task The_first_update_arrives_before_the_emulator_wrote_its_last_piece()
    {
        var bytes = Fixture.Bytes("ollama/chat_stream_text.ndjson");
        var lastPieceStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            const int piece = 16;
            var lastStart = (bytes.Length - 1) / piece * piece;
            await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[..lastStart], piece, TimeSpan.FromMilliseconds(5), context.RequestAborted);
            lastPieceStarted.TrySetResult();
            await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[lastStart..], piece, TimeSpan.Zero, context.RequestAborted);
        };
        using var client = Client(server);

        var sawFirstText = false;
        var count = 0;
        await foreach (var update in client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct))
        {
            if (!sawFirstText && update.Text.Length > 0)
            {
                sawFirstText = true;
                Assert.False(lastPieceStarted.Task.IsCompleted, "The first text update must be yielded while the server is still writing.");
                Assert.Equal("Okay", update.Text);
            }

            count++;
        }

        Assert.True(sawFirstText);
        Assert.True(lastPieceStarted.Task.IsCompleted);
        Assert.Equal(22, count);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_promptly_and_aborts_the_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync(TextLine("first"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        };
        using var client = Client(server);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var received = new List<ChatResponseUpdate>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello(), cancellationToken: cts.Token))
            {
                received.Add(update);
                await cts.CancelAsync();
            }
        });

        Assert.Equal("first", Text(received));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"Cancellation took {stopwatch.Elapsed}.");
        var completed = await Task.WhenAny(aborted.Task, Task.Delay(TimeSpan.FromSeconds(5), Ct));
        Assert.Same(aborted.Task, completed);
    }

    [Fact]
    public async Task Breaking_out_of_the_stream_early_releases_the_connection()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync(TextLine("first"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        };
        using var client = Client(server);

        await foreach (var update in client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct))
        {
            Assert.Equal("first", update.Text);
            break;
        }

        var completed = await Task.WhenAny(aborted.Task, Task.Delay(TimeSpan.FromSeconds(5), Ct));
        Assert.Same(aborted.Task, completed);
    }

    [Fact]
    public async Task Lines_after_done_are_not_read()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(TextLine("a") + DoneLine() + "garbage that would fail to parse\n");
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("a", Text(updates));
    }

    [Fact]
    public async Task Created_at_with_nanoseconds_and_an_offset_is_parsed()
    {
        var body = """{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The"},"done":false}""" + "\n" + DoneLine();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(body);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(new DateTimeOffset(2023, 8, 4, 15, 52, 19, TimeSpan.Zero), updates[0].CreatedAt!.Value.UtcDateTime.AddTicks(-(updates[0].CreatedAt!.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(TimeSpan.FromHours(-7), updates[0].CreatedAt!.Value.Offset);
        Assert.Equal("llama3.2", updates[0].ModelId);
        Assert.Equal("qwen3", updates[1].ModelId);
    }

    [Fact]
    public void The_model_name_string_is_reused_across_lines()
    {
        var parser = new OllamaStreamParser("ollama", "r");
        var first = parser.ParseLine(Encoding.UTF8.GetBytes(TextLine("a")))!;
        var second = parser.ParseLine(Encoding.UTF8.GetBytes(TextLine("b")))!;
        Assert.Same(first.ModelId, second.ModelId);
    }
}
