using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Http;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Gemini.GeminiTestKit;

namespace Switchboard.Providers.Tests.Gemini;

/// <summary>The recorded Gemini transcripts, checked against expected.json through the parsers and end to end.</summary>
public sealed class GeminiFixtureTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public static TheoryData<string> GeminiFixtures() => [.. Fixture.FilesOf("gemini")];

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void ExpectedJsonListsTheThreeGeminiFixtures() =>
        Assert.Equal(
            ["gemini/error_429_resource_exhausted.json", "gemini/response_text.json", "gemini/stream_text.sse"],
            Fixture.FilesOf("gemini").Order());

    [Theory]
    [MemberData(nameof(GeminiFixtures))]
    public async Task EveryFixtureMatchesExpectedEndToEnd(string file)
    {
        var expected = Fixture.Expected(file);
        var bytes = Fixture.Bytes(file);
        var client = CreateClient(_server);
        switch (expected.GetProperty("kind").GetString())
        {
            case "stream":
                AnswerSse(_server, bytes, pieceSize: 16, pauseMs: 1);
                var updates = await client.GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
                AssertMatches(expected, updates.ToChatResponse(), updates.Last(u => u.FinishReason is not null).AdditionalProperties);
                break;
            case "response":
                AnswerJson(_server, Encoding.UTF8.GetString(bytes));
                var response = await client.GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken);
                AssertMatches(expected, response, response.AdditionalProperties);
                break;
            case "error":
                AnswerJson(_server, Encoding.UTF8.GetString(bytes), expected.GetProperty("http_status").GetInt32());
                var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));
                Assert.Equal((HttpStatusCode)expected.GetProperty("http_status").GetInt32(), error.StatusCode);
                Assert.Equal(expected.GetProperty("error_type").GetString(), error.ErrorType);
                Assert.Equal(expected.GetProperty("error_message").GetString(), error.ProviderMessage);
                break;
            default:
                Assert.Fail($"Unknown fixture kind in {file}");
                break;
        }
    }

    [Fact]
    public void StreamFixtureThroughTheParserAlone()
    {
        var (updates, finished) = ParseSse(Fixture.Bytes("gemini/stream_text.sse"));

        Assert.True(finished);
        Assert.Equal(["The", " capital of Wyoming", " is **Cheyenne**.\n"], updates.Select(u => u.Text));
        Assert.All(updates, u => Assert.Equal("gemini-2.0-flash", u.ModelId));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));

        // Running totals appear in every chunk; only the finishing chunk reports them, and only once.
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        Assert.Equal("STOP", last.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.Equal(7, usage.InputTokenCount);
        Assert.Equal(10, usage.OutputTokenCount);
        Assert.Equal(17, usage.TotalTokenCount);
        Assert.Null(usage.ReasoningTokenCount);
    }

    [Fact]
    public void ResponseFixtureThroughTheReaderAlone()
    {
        var http = new ProviderHttp("gemini", null, GeminiErrorParser.Parse, null);
        var response = GeminiResponseReader.Read(Fixture.Bytes("gemini/response_text.json"), new GeminiChunkParser(http, "requested", DateTimeOffset.UnixEpoch));

        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(Fixture.Expected("gemini/response_text.json").GetProperty("text").GetString(), Assert.IsType<TextContent>(Assert.Single(message.Contents)).Text);
        Assert.Equal("gemini-2.0-flash", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("STOP", response.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal(7, response.Usage!.InputTokenCount);
        Assert.Equal(22, response.Usage.OutputTokenCount);
        Assert.Equal(29, response.Usage.TotalTokenCount);
        Assert.Equal(DateTimeOffset.UnixEpoch, response.CreatedAt);
    }

    [Fact]
    public void ErrorFixtureThroughTheErrorParserAlone()
    {
        var details = GeminiErrorParser.Parse(Fixture.Text("gemini/error_429_resource_exhausted.json"))!;

        Assert.Equal("RESOURCE_EXHAUSTED", details.Type);
        Assert.Equal("RATE_LIMIT_EXCEEDED", details.Code);
        Assert.StartsWith("Quota exceeded for quota metric 'Generate Content API requests per minute'", details.Message, StringComparison.Ordinal);
        Assert.Null(details.RetryAfter);
    }

    [Fact]
    public async Task ErrorFixtureIsRateLimitedAndRetryable()
    {
        AnswerJson(_server, Fixture.Text("gemini/error_429_resource_exhausted.json"), 429);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.Equal("gemini", error.Provider);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamFixtureArrivesUpdateByUpdateOverRealHttp()
    {
        // The emulator holds back the last piece until the client has shown its first text, so a client that
        // buffered the body would never see it (and the test would time out) instead of passing by luck.
        var body = Fixture.Bytes("gemini/stream_text.sse");
        var firstUpdateSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastPieceWritten = false;
        _server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            const int piece = 16;
            var lastStart = (body.Length - 1) / piece * piece;
            await EmulatorServer.WriteInPiecesAsync(context.Response, body[..lastStart], piece, TimeSpan.FromMilliseconds(5), context.RequestAborted);
            await firstUpdateSeen.Task.WaitAsync(TimeSpan.FromSeconds(5), context.RequestAborted);
            lastPieceWritten = true;
            await EmulatorServer.WriteInPiecesAsync(context.Response, body[lastStart..], piece, TimeSpan.Zero, context.RequestAborted);
        };

        var texts = new List<string>();
        await foreach (var update in CreateClient(_server).GetStreamingResponseAsync([User("What is the capital of Wyoming?")], cancellationToken: TestContext.Current.CancellationToken))
        {
            if (texts.Count == 0)
            {
                Assert.False(lastPieceWritten);
                firstUpdateSeen.TrySetResult();
            }

            texts.Add(update.Text);
        }

        Assert.True(lastPieceWritten);
        Assert.Equal("The capital of Wyoming is **Cheyenne**.\n", string.Concat(texts));

        var request = _server.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", request.PathAndQuery);
        Assert.Equal(ApiKey, request.Headers["x-goog-api-key"]);
        Assert.DoesNotContain(ApiKey, request.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("text/event-stream", request.Headers["Accept"], StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var part = request.Json.GetProperty("contents")[0];
        Assert.Equal("user", part.GetProperty("role").GetString());
        Assert.Equal("What is the capital of Wyoming?", part.GetProperty("parts")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ResponseFixtureOverRealHttpUsesGenerateContent()
    {
        AnswerJson(_server, Fixture.Text("gemini/response_text.json"));

        var response = await CreateClient(_server).GetResponseAsync([User("Where is Google's headquarters?")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("/v1beta/models/gemini-2.0-flash:generateContent", _server.LastRequest.PathAndQuery);
        Assert.Equal(ApiKey, _server.LastRequest.Headers["x-goog-api-key"]);
        Assert.Contains("Mountain View, California", response.Text, StringComparison.Ordinal);
    }

    private static void AssertMatches(JsonElement expected, ChatResponse response, AdditionalPropertiesDictionary? finishProperties)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), response.Text);
        Assert.Equal(expected.GetProperty("finish_reason").GetString(), finishProperties?[SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal(expected.GetProperty("input_tokens").GetInt64(), response.Usage?.InputTokenCount);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt64(), response.Usage?.OutputTokenCount);
        Assert.Equal(expected.GetProperty("tool_calls").GetArrayLength(), response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Count());
    }
}
