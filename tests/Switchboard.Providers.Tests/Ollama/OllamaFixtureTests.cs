using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Ollama.OllamaTestKit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>Every recorded Ollama transcript, checked against expected.json through the parsers and over real HTTP.</summary>
public sealed class OllamaFixtureTests
{
    private const string StreamFile = "ollama/chat_stream_text.ndjson";
    private const string ToolCallFile = "ollama/chat_response_tool_call.json";
    private const string ErrorFile = "ollama/error_400_tools_not_supported.json";

    [Fact]
    public void Every_ollama_fixture_is_covered_here()
    {
        Assert.Equal([ToolCallFile, StreamFile, ErrorFile], Fixture.FilesOf("ollama").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Stream_fixture_through_the_parser()
    {
        var expected = Fixture.Expected(StreamFile);
        var parser = new OllamaStreamParser("ollama", "resp-1");
        var updates = new List<ChatResponseUpdate>();
        foreach (var line in Fixture.Text(StreamFile).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (parser.ParseLine(Encoding.UTF8.GetBytes(line)) is { } update)
            {
                updates.Add(update);
            }
        }

        Assert.True(parser.Done);
        AssertStream(expected, updates);
    }

    [Fact]
    public async Task Stream_fixture_end_to_end()
    {
        var expected = Fixture.Expected(StreamFile);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(Fixture.Bytes(StreamFile));
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        AssertStream(expected, updates);
        Assert.Equal("/api/chat", server.LastRequest.PathAndQuery);
        Assert.True(server.LastRequest.Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void Tool_call_fixture_through_the_reader()
    {
        var response = OllamaResponseReader.Read(Fixture.Bytes(ToolCallFile), "ollama", "resp-1");
        AssertToolCallResponse(Fixture.Expected(ToolCallFile), response);
    }

    [Fact]
    public async Task Tool_call_fixture_end_to_end()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Fixture.Text(ToolCallFile));
        using var client = Client(server);

        var response = await client.GetResponseAsync(Hello(), cancellationToken: Ct);

        AssertToolCallResponse(Fixture.Expected(ToolCallFile), response);
        Assert.False(server.LastRequest.Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Tool_call_fixture_as_a_one_line_stream()
    {
        // A whole non-streaming object is also a valid single-line stream: the tool call, thinking and usage arrive in one update.
        var expected = Fixture.Expected(ToolCallFile);
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Ndjson(Fixture.Bytes(ToolCallFile), pieceSize: 7);
        using var client = Client(server);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        var update = Assert.Single(updates);
        var call = Assert.Single(update.Contents.OfType<FunctionCallContent>());
        var expectedCall = expected.GetProperty("tool_calls")[0];
        Assert.Equal(expectedCall.GetProperty("id").GetString(), call.CallId);
        Assert.Equal(expectedCall.GetProperty("name").GetString(), call.Name);
        Assert.Equal(expected.GetProperty("reasoning").GetString(), Assert.Single(update.Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal(ChatFinishReason.ToolCalls, update.FinishReason);
        Assert.Equal("stop", update.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void Error_fixture_through_the_parser()
    {
        var expected = Fixture.Expected(ErrorFile);
        var details = OllamaErrorParser.Parse(Fixture.Text(ErrorFile));
        Assert.NotNull(details);
        Assert.Equal(expected.GetProperty("error_message").GetString(), details.Message);
        Assert.Null(details.Type);
    }

    [Fact]
    public async Task Error_fixture_end_to_end()
    {
        var expected = Fixture.Expected(ErrorFile);
        var status = expected.GetProperty("http_status").GetInt32();
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Fixture.Text(ErrorFile), status);
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(expected.GetProperty("error_message").GetString(), error.ProviderMessage);
        Assert.Equal("ollama", error.Provider);
        Assert.False(error.IsRetryable);
        Assert.Contains("does not support tools", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_fixture_on_a_streaming_call()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Fixture.Text(ErrorFile), 400);
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct)));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    private static void AssertStream(JsonElement expected, List<ChatResponseUpdate> updates)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), Text(updates));
        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.All(updates, u =>
        {
            Assert.Equal(ChatRole.Assistant, u.Role);
            Assert.Equal("gemma3:1b", u.ModelId);
            Assert.NotNull(u.CreatedAt);
        });
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.Single(updates.Select(u => u.MessageId).Distinct());

        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), last.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.All(updates.Take(updates.Count - 1), u => Assert.Null(u.FinishReason));

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(expected.GetProperty("input_tokens").GetInt64(), usage.InputTokenCount);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt64(), usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);

        // The empty-content "done" line carries usage and the finish, nothing else; each earlier line is one text update.
        Assert.Equal(22, updates.Count);
        Assert.Equal(new DateTimeOffset(2025, 8, 20, 13, 48, 24, TimeSpan.Zero).AddTicks(3161550), updates[0].CreatedAt);
    }

    private static void AssertToolCallResponse(JsonElement expected, ChatResponse response)
    {
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);

        // Order: reasoning, (no text), then the call.
        Assert.IsType<TextReasoningContent>(message.Contents[0]);
        Assert.Equal(expected.GetProperty("reasoning").GetString(), ((TextReasoningContent)message.Contents[0]).Text);
        Assert.Equal(expected.GetProperty("text").GetString(), response.Text);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(message.Contents, c => c is FunctionCallContent));
        var expectedCall = expected.GetProperty("tool_calls")[0];
        Assert.Equal(expectedCall.GetProperty("id").GetString(), call.CallId);
        Assert.Equal(expectedCall.GetProperty("name").GetString(), call.Name);
        Assert.NotNull(call.Arguments);
        foreach (var argument in expectedCall.GetProperty("arguments").EnumerateObject())
        {
            var actual = Assert.IsType<JsonElement>(call.Arguments[argument.Name]);
            Assert.Equal(argument.Value.GetString(), actual.GetString());
        }

        Assert.Equal(expectedCall.GetProperty("arguments").EnumerateObject().Count(), call.Arguments.Count);
        Assert.Null(call.Exception);

        Assert.Equal("gpt-oss:120b", response.ModelId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), response.AdditionalProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.NotNull(response.Usage);
        Assert.Equal(expected.GetProperty("input_tokens").GetInt64(), response.Usage.InputTokenCount);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt64(), response.Usage.OutputTokenCount);
        Assert.Equal(189, response.Usage.TotalTokenCount);
        Assert.False(string.IsNullOrEmpty(response.ResponseId));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 23, 44, 44, TimeSpan.Zero), response.CreatedAt?.AddTicks(-(response.CreatedAt.Value.Ticks % TimeSpan.TicksPerSecond)));
    }
}
