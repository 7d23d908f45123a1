using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>The recorded real Anthropic transcripts, checked against expected.json by the parser and end to end over HTTP.</summary>
public sealed class AnthropicFixtureTests
{
    private const string StreamText = "anthropic/stream_text.sse";
    private const string StreamToolUse = "anthropic/stream_text_tool_use.sse";
    private const string ResponseToolUse = "anthropic/response_tool_use.json";
    private const string Overloaded = "anthropic/error_529_overloaded.json";

    [Fact]
    public void Every_anthropic_fixture_is_covered_here()
    {
        Assert.Equal(
            new[] { Overloaded, ResponseToolUse, StreamText, StreamToolUse },
            Fixture.FilesOf("anthropic").Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData(StreamText)]
    [InlineData(StreamToolUse)]
    public void Stream_fixture_parses_to_the_expected_values(string file)
    {
        var (updates, complete) = ParseSse(Fixture.Bytes(file));

        Assert.True(complete);
        AssertMatchesExpected(Fixture.Expected(file), updates);
    }

    [Theory]
    [InlineData(StreamText)]
    [InlineData(StreamToolUse)]
    public async Task Stream_fixture_streams_end_to_end_and_the_first_text_arrives_before_the_last_piece(string file)
    {
        var bytes = Fixture.Bytes(file);
        var lastPieceStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            const int piece = 16;
            var lastStart = (bytes.Length - 1) / piece * piece;
            await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[..lastStart], piece, TimeSpan.FromMilliseconds(5), context.RequestAborted);
            lastPieceStarted.SetResult();
            await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[lastStart..], piece, TimeSpan.Zero, context.RequestAborted);
        };
        using var client = CreateClient(server);

        var updates = new List<ChatResponseUpdate>();
        bool? lastPieceSeenAtFirstText = null;
        await foreach (var update in client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct))
        {
            if (lastPieceSeenAtFirstText is null && update.Contents.OfType<TextContent>().Any())
            {
                lastPieceSeenAtFirstText = lastPieceStarted.Task.IsCompleted;
            }

            updates.Add(update);
        }

        Assert.False(lastPieceSeenAtFirstText, "the first text update must be yielded before the emulator writes its last piece");
        AssertMatchesExpected(Fixture.Expected(file), updates);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));

        var request = server.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.PathAndQuery);
        Assert.Equal(ApiKey, request.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.True(request.Json.GetProperty("stream").GetBoolean());
        Assert.Equal(Model, request.Json.GetProperty("model").GetString());
    }

    [Fact]
    public void Stream_text_fixture_carries_ids_model_and_the_raw_finish_reason_on_the_last_update()
    {
        var (updates, _) = ParseSse(Fixture.Bytes(StreamText));

        Assert.All(updates, u =>
        {
            Assert.Equal("msg_01Ju7oPaDmjgrhWq8gNP4AUj", u.ResponseId);
            Assert.Equal("msg_01Ju7oPaDmjgrhWq8gNP4AUj", u.MessageId);
            Assert.Equal("claude-3-opus-20240229", u.ModelId);
        });
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        Assert.Equal("end_turn", last.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal(["1", "\n2\n3", "\n4\n5"], updates.SelectMany(u => u.Contents).OfType<TextContent>().Select(t => t.Text));
    }

    [Fact]
    public void Tool_use_stream_fixture_assembles_the_arguments_from_five_fragments()
    {
        var (updates, _) = ParseSse(Fixture.Bytes(StreamToolUse));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Null(call.Exception);
        var location = Assert.IsType<JsonElement>(call.Arguments!["location"]);
        Assert.Equal("Paris", location.GetString());

        // The call is emitted once, at content_block_stop, after the text of the first block.
        var callUpdate = updates.Single(u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.True(updates.IndexOf(callUpdate) > updates.FindLastIndex(u => u.Contents.OfType<TextContent>().Any()));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public void Response_fixture_reads_to_the_expected_values()
    {
        var expected = Fixture.Expected(ResponseToolUse);

        var response = AnthropicResponseReader.Read(Fixture.Bytes(ResponseToolUse), "anthropic", DateTimeOffset.UnixEpoch);

        AssertMatchesExpected(expected, response);
        Assert.Equal("msg_01PCLnFdYgzwikTmiYq6pVtP", response.ResponseId);
        Assert.Equal("msg_01PCLnFdYgzwikTmiYq6pVtP", response.Messages[0].MessageId);
        Assert.Equal("claude-haiku-4-5-20251001", response.ModelId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(DateTimeOffset.UnixEpoch, response.CreatedAt);
        Assert.Equal(0, response.Usage!.CachedInputTokenCount);
        Assert.Equal(0, response.Usage.AdditionalCounts![SwitchboardProperties.CacheCreationInputTokens]);
    }

    [Fact]
    public async Task Response_fixture_end_to_end()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(200, Fixture.Text(ResponseToolUse));
        using var client = CreateClient(server);

        var response = await client.GetResponseAsync(Hello(), cancellationToken: Ct);

        AssertMatchesExpected(Fixture.Expected(ResponseToolUse), response);
        Assert.NotNull(response.CreatedAt);
        var body = server.LastRequest.Json;
        Assert.False(body.TryGetProperty("stream", out _));
        Assert.Equal(4096, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("/v1/messages", server.LastRequest.PathAndQuery);
        Assert.Equal(ApiKey, server.LastRequest.Headers["x-api-key"]);
    }

    [Fact]
    public void Error_fixture_parses_to_the_expected_type_and_message()
    {
        var expected = Fixture.Expected(Overloaded);

        var details = AnthropicErrorParser.Parse(Fixture.Text(Overloaded));

        Assert.NotNull(details);
        Assert.Equal(expected.GetProperty("error_type").GetString(), details.Type);
        Assert.Equal(expected.GetProperty("error_message").GetString(), details.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Error_fixture_end_to_end_is_an_overloaded_provider_exception(bool streaming)
    {
        var expected = Fixture.Expected(Overloaded);
        var status = expected.GetProperty("http_status").GetInt32();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(status, Fixture.Text(Overloaded));
        using var client = CreateClient(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => streaming
            ? CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct))
            : client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Overloaded, error.Kind);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(expected.GetProperty("error_type").GetString(), error.ErrorType);
        Assert.Equal(expected.GetProperty("error_message").GetString(), error.ProviderMessage);
        Assert.Equal("anthropic", error.Provider);
        Assert.True(error.IsRetryable);
        Assert.Contains(expected.GetProperty("request_id").GetString()!, error.ResponseBody, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertMatchesExpected(JsonElement expected, List<ChatResponseUpdate> updates)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), TextOf(updates));
        AssertToolCalls(expected, updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList());

        var finishing = Assert.Single(updates, u => u.FinishReason is not null);
        Assert.Same(updates[^1], finishing);
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), finishing.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);

        // What ToChatResponse sums must equal the provider's final counts.
        var usage = updates.ToChatResponse().Usage;
        Assert.NotNull(usage);
        Assert.Equal(expected.GetProperty("input_tokens").GetInt64(), usage.InputTokenCount);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt64(), usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    private static void AssertMatchesExpected(JsonElement expected, ChatResponse response)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), response.Text);
        AssertToolCalls(expected, response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList());
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), response.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal(expected.GetProperty("input_tokens").GetInt64(), response.Usage?.InputTokenCount);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt64(), response.Usage?.OutputTokenCount);
    }

    private static void AssertToolCalls(JsonElement expected, List<FunctionCallContent> calls)
    {
        var expectedCalls = expected.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(expectedCalls.Count, calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.Equal(expectedCalls[i].GetProperty("id").GetString(), calls[i].CallId);
            Assert.Equal(expectedCalls[i].GetProperty("name").GetString(), calls[i].Name);
            var expectedArguments = expectedCalls[i].GetProperty("arguments").EnumerateObject().ToList();
            Assert.Equal(expectedArguments.Count, calls[i].Arguments!.Count);
            foreach (var argument in expectedArguments)
            {
                var actual = Assert.IsType<JsonElement>(calls[i].Arguments![argument.Name]);
                Assert.Equal(argument.Value.GetRawText(), actual.GetRawText());
            }
        }
    }
}
