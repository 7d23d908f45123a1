using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>The recorded OpenAI transcripts, checked against expected.json through the parsers and end to end.</summary>
public sealed class OpenAIFixtureTests
{
    [Fact]
    public void Every_openai_fixture_is_covered_here()
    {
        string[] covered =
        [
            "openai/chat_response_text.json", "openai/chat_stream_text.sse", "openai/chat_stream_tool_call.sse",
            "openai/error_429_rate_limit.json", "openai/responses_stream_text.sse",
        ];
        Assert.Equal(covered.Order(), Fixture.FilesOf("openai").Order());
    }

    [Theory]
    [InlineData("openai/chat_stream_text.sse")]
    [InlineData("openai/chat_stream_tool_call.sse")]
    public void Chat_stream_fixture_parses_to_the_expected_values(string file)
    {
        var expected = Fixture.Expected(file);
        var (updates, parser) = ParseChat(Fixture.Bytes(file));

        Assert.True(parser.IsDone);
        AssertMatchesExpected(expected, updates.ToChatResponse(), updates);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.All(updates, u => Assert.StartsWith("chatcmpl-", u.ResponseId));
        Assert.All(updates, u => Assert.StartsWith("gpt-4o-2024-08-06", u.ModelId));
        Assert.All(updates, u => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(file.Contains("tool") ? 1727346182 : 1727346168), u.CreatedAt));
    }

    [Fact]
    public void Text_stream_fixture_gives_one_update_per_content_chunk()
    {
        var (updates, _) = ParseChat(Fixture.Bytes("openai/chat_stream_text.sse"));

        // 30 content deltas, the finish chunk and the usage chunk; the role-only first chunk carries nothing.
        Assert.Equal(32, updates.Count);
        Assert.Equal("I'm", updates[0].Text);
        Assert.Equal(ChatFinishReason.Stop, updates[^2].FinishReason);
        Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));
    }

    [Fact]
    public void Tool_call_stream_fixture_emits_the_call_once_with_the_finish()
    {
        var (updates, _) = ParseChat(Fixture.Bytes("openai/chat_stream_tool_call.sse"));

        var call = Assert.Single(All<FunctionCallContent>(updates));
        var finish = updates.Single(u => u.Contents.Contains(call));
        Assert.Equal(ChatFinishReason.ToolCalls, finish.FinishReason);
        Assert.Equal("tool_calls", finish.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.Empty(TextOf(updates));
    }

    [Fact]
    public void Response_fixture_reads_to_the_expected_values()
    {
        const string file = "openai/chat_response_text.json";
        var response = OpenAIResponseReader.Read(Fixture.Bytes(file), "openai");

        AssertMatchesExpected(Fixture.Expected(file), response, updates: null);
        Assert.Equal("chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU", response.ResponseId);
        Assert.Equal("gpt-4.1-nano-2025-04-14", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770933883), response.CreatedAt);
        Assert.Equal(379, response.Usage!.TotalTokenCount);
        Assert.Equal(0, response.Usage.CachedInputTokenCount);
        Assert.Equal(0, response.Usage.ReasoningTokenCount);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
    }

    [Fact]
    public void Error_fixture_parses_to_the_expected_values()
    {
        const string file = "openai/error_429_rate_limit.json";
        var expected = Fixture.Expected(file);
        var details = OpenAIErrorParser.Parse(Fixture.Text(file));

        Assert.NotNull(details);
        Assert.Equal(expected.GetProperty("error_message").GetString(), details.Message);
        Assert.Equal(expected.GetProperty("error_type").GetString(), details.Type);
        Assert.Null(details.Code);
    }

    [Theory]
    [InlineData("openai/chat_stream_text.sse")]
    [InlineData("openai/chat_stream_tool_call.sse")]
    public async Task Chat_stream_fixture_end_to_end_streams_before_the_body_is_complete(string file)
    {
        var bytes = Fixture.Bytes(file);
        var lastPieceStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            const int piece = 32;
            var split = bytes.Length - piece;
            await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[..split], piece, TimeSpan.FromMilliseconds(5), context.RequestAborted);
            lastPieceStarted.SetResult();
            await EmulatorServer.WriteInPiecesAsync(context.Response, bytes[split..], piece, TimeSpan.Zero, context.RequestAborted);
        };
        using var client = Client(server);

        var updates = new List<ChatResponseUpdate>();
        var lastPieceWrittenAtFirstUpdate = (bool?)null;
        await foreach (var update in client.GetStreamingResponseAsync(UserSays("What's the weather like in SF?"), new ChatOptions { Temperature = 0.5f }, Token))
        {
            lastPieceWrittenAtFirstUpdate ??= lastPieceStarted.Task.IsCompleted;
            updates.Add(update);
        }

        Assert.False(lastPieceWrittenAtFirstUpdate);
        AssertMatchesExpected(Fixture.Expected(file), updates.ToChatResponse(), updates);

        var request = server.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal($"Bearer {ApiKey}", request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal("text/event-stream", request.Headers["Accept"]);
        var body = request.Json;
        Assert.Equal("gpt-test", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble(), 3);
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray().ToList());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal("What's the weather like in SF?", message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Response_fixture_end_to_end()
    {
        const string file = "openai/chat_response_text.json";
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(200, Fixture.Bytes(file));
        using var client = Client(server);

        var response = await client.GetResponseAsync(UserSays("Invent a holiday"), new ChatOptions { MaxOutputTokens = 400 }, Token);

        AssertMatchesExpected(Fixture.Expected(file), response, updates: null);
        var body = server.LastRequest.Json;
        Assert.False(body.TryGetProperty("stream", out _));
        Assert.False(body.TryGetProperty("stream_options", out _));
        Assert.Equal(400, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(server.LastRequest.Headers.ContainsKey("Accept") && server.LastRequest.Headers["Accept"].Contains("event-stream"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Error_fixture_end_to_end_is_a_rate_limit_with_retry_after(bool streaming)
    {
        const string file = "openai/error_429_rate_limit.json";
        var expected = Fixture.Expected(file);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(429, Fixture.Bytes(file), headers => headers.Headers.RetryAfter = "20");
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            if (streaming)
            {
                await CollectAsync(client.GetStreamingResponseAsync(UserSays("hi"), cancellationToken: Token));
            }
            else
            {
                await client.GetResponseAsync(UserSays("hi"), cancellationToken: Token);
            }
        });

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(expected.GetProperty("http_status").GetInt32(), (int)error.StatusCode!.Value);
        Assert.Equal(expected.GetProperty("error_message").GetString(), error.ProviderMessage);
        Assert.Equal(expected.GetProperty("error_type").GetString(), error.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
        Assert.True(error.IsRetryable);
        Assert.Equal("openai", error.Provider);
        Assert.DoesNotContain(ApiKey, error.ToString());
    }

    /// <summary>Checks text, tool calls, raw finish reason and token counts against the expected.json entry.</summary>
    private static void AssertMatchesExpected(JsonElement expected, ChatResponse response, List<ChatResponseUpdate>? updates)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), response.Text);

        var expectedCalls = expected.GetProperty("tool_calls").EnumerateArray().ToList();
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(expectedCalls.Count, calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.Equal(expectedCalls[i].GetProperty("id").GetString(), calls[i].CallId);
            Assert.Equal(expectedCalls[i].GetProperty("name").GetString(), calls[i].Name);
            Assert.Null(calls[i].Exception);
            var expectedArguments = expectedCalls[i].GetProperty("arguments").EnumerateObject().ToList();
            Assert.Equal(expectedArguments.Count, calls[i].Arguments!.Count);
            foreach (var argument in expectedArguments)
            {
                var actual = Assert.IsType<JsonElement>(calls[i].Arguments![argument.Name]);
                Assert.Equal(argument.Value.GetRawText(), actual.GetRawText());
            }
        }

        var rawFinish = updates is null
            ? response.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]
            : updates.Last(u => u.FinishReason is not null).AdditionalProperties?[SwitchboardProperties.ProviderFinishReason];
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), rawFinish);
        Assert.Equal(OpenAIFinishReason.Map(expected.GetProperty("finish_reason").GetString()!), response.FinishReason);

        var usage = updates is null ? response.Usage : Assert.Single(All<UsageContent>(updates)).Details;
        Assert.NotNull(usage);
        Assert.Equal(expected.GetProperty("input_tokens").GetInt32(), usage.InputTokenCount);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt32(), usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }
}
