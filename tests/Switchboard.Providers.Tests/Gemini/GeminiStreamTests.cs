using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Gemini.GeminiTestKit;

namespace Switchboard.Providers.Tests.Gemini;

/// <summary>
/// Synthetic streams for what the recorded fixture does not show, shaped after the API reference
/// (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse) and the thinking and thought-signature guides.
/// </summary>
public sealed class GeminiStreamTests : IAsyncLifetime
{
    /// <summary>Thought summaries, then an answer whose signature rides on its text part, then an empty closing part.</summary>
    internal static readonly string[] ThinkingChunks =
    [
        """{"candidates":[{"content":{"parts":[{"text":"**Adding** I should","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12,"thoughtsTokenCount":20},"modelVersion":"gemini-2.5-flash","responseId":"resp-think"}""",
        """{"candidates":[{"content":{"parts":[{"text":" add the numbers.","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12,"thoughtsTokenCount":30},"modelVersion":"gemini-2.5-flash","responseId":"resp-think"}""",
        """{"candidates":[{"content":{"parts":[{"text":"2 + 2 = 4.","thoughtSignature":"c2lnLXRleHQtMQ=="}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12,"thoughtsTokenCount":30},"modelVersion":"gemini-2.5-flash","responseId":"resp-think"}""",
        """{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":6,"totalTokenCount":48,"cachedContentTokenCount":4,"thoughtsTokenCount":30},"modelVersion":"gemini-2.5-flash","responseId":"resp-think"}""",
    ];

    /// <summary>Two parallel calls in one chunk; only the first carries the signature, as the guide describes.</summary>
    internal static readonly string ParallelCallsChunk =
        """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris","units":{"temp":"C"}}},"thoughtSignature":"c2lnLWZjLTE="},{"functionCall":{"name":"get_time","args":{"tz":"Europe/Paris"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":20,"totalTokenCount":60},"modelVersion":"gemini-2.5-flash","responseId":"resp-calls"}""";

    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void ThoughtsAndTextSignatureBecomeReasoningContents()
    {
        var (updates, finished) = ParseSse(Sse(ThinkingChunks));

        Assert.True(finished);
        Assert.Equal("**Adding** I should", Assert.IsType<TextReasoningContent>(Assert.Single(updates[0].Contents)).Text);
        Assert.Equal(" add the numbers.", Assert.IsType<TextReasoningContent>(Assert.Single(updates[1].Contents)).Text);
        Assert.Collection(
            updates[2].Contents,
            c => Assert.Equal("2 + 2 = 4.", Assert.IsType<TextContent>(c).Text),
            c => Assert.Equal("c2lnLXRleHQtMQ==", Assert.IsType<TextReasoningContent>(c).ProtectedData));
        Assert.All(updates, u => Assert.Same(updates[0].ResponseId, u.ResponseId));
        Assert.Equal("resp-think", updates[0].MessageId);

        // Merged the M.E.AI way, the signature still sits right after the text it belongs to.
        var message = Assert.Single(updates.ToChatResponse().Messages);
        Assert.Collection(
            message.Contents,
            c => Assert.Equal("**Adding** I should add the numbers.", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("2 + 2 = 4.", Assert.IsType<TextContent>(c).Text),
            c => Assert.Equal("c2lnLXRleHQtMQ==", Assert.IsType<TextReasoningContent>(c).ProtectedData));
    }

    [Fact]
    public void ThinkingUsageCountsThoughtsAsOutputAndCachedAsInput()
    {
        var (updates, _) = ParseSse(Sse(ThinkingChunks));

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(12, usage.InputTokenCount);
        Assert.Equal(36, usage.OutputTokenCount);
        Assert.Equal(30, usage.ReasoningTokenCount);
        Assert.Equal(4, usage.CachedInputTokenCount);
        Assert.Equal(48, usage.TotalTokenCount);
    }

    [Fact]
    public void ParallelCallsKeepTheirOrderArgumentsAndSignature()
    {
        var (updates, finished) = ParseSse(Sse(ParallelCallsChunk));

        Assert.True(finished);
        var update = Assert.Single(updates);
        var calls = update.Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
        Assert.Equal("Paris", calls[0].Arguments!["city"]!.ToString());
        Assert.Equal("""{"temp":"C"}""", calls[0].Arguments!["units"]!.ToString());
        Assert.Equal("Europe/Paris", calls[1].Arguments!["tz"]!.ToString());
        Assert.Equal("c2lnLWZjLTE=", calls[0].AdditionalProperties![GeminiChatClient.ThoughtSignatureKey]);
        Assert.Null(calls[1].AdditionalProperties);

        // Gemini sent no ids: ours are unique and recognizable, so they are never sent back as Gemini's.
        Assert.All(calls, c => Assert.StartsWith(GeminiChunkParser.GeneratedCallIdPrefix, c.CallId, StringComparison.Ordinal));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
        Assert.Equal(ChatFinishReason.ToolCalls, update.FinishReason);
        Assert.Equal("STOP", update.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
    }

    [Fact]
    public void CallsSpreadOverChunksKeepGeminiIdsAndGetFreshOnesAcrossResponses()
    {
        string[] chunks =
        [
            """{"candidates":[{"content":{"parts":[{"functionCall":{"id":"fc-7","name":"lookup","args":{"q":"a"}}}],"role":"model"}}]}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"lookup","args":{}}}],"role":"model"}}]}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"noargs"}}],"role":"model"},"finishReason":"STOP"}]}""",
        ];

        var first = ParseSse(Sse(chunks)).Updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        var second = ParseSse(Sse(chunks)).Updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();

        Assert.Equal(3, first.Count);
        Assert.Equal("fc-7", first[0].CallId);
        Assert.Empty(first[1].Arguments!);
        Assert.Empty(first[2].Arguments!);
        Assert.NotEqual(first[1].CallId, second[1].CallId);
        Assert.Equal(5, first.Concat(second).Select(c => c.CallId).Distinct().Count());
    }

    [Fact]
    public void UnknownFieldsEventsPartsDoneAndEmptyDataAreIgnored()
    {
        var body = Encoding.UTF8.GetBytes(
            ": keep-alive comment\n\n" +
            "event: ping\ndata: {\"type\":\"ping\"}\n\n" +
            "data: \n\n" +
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"print(1)\"}},{\"text\":\"Hi\",\"videoMetadata\":{}}],\"role\":\"model\"},\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"NEGLIGIBLE\"}],\"citationMetadata\":{\"citationSources\":[]},\"index\":0}],\"somethingNew\":{\"nested\":[1,{\"a\":null}]},\"usageMetadata\":{\"promptTokenCount\":3,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":3}],\"trafficType\":\"ON_DEMAND\"}}\n\n" +
            "data: {\"usageMetadata\":{\"promptTokenCount\":3,\"totalTokenCount\":3}}\n\n" +
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"finishMessage\":\"done\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,\"totalTokenCount\":5}}\n\n" +
            "data: [DONE]\n\n");

        var (updates, finished) = ParseSse(body);

        Assert.True(finished);
        Assert.Equal(2, updates.Count);
        Assert.Equal("Hi", updates[0].Text);
        Assert.Equal("!", updates[1].Text);
        Assert.Equal(GeminiTestKit.Model, updates[0].ModelId);
        Assert.Equal("done", updates[1].AdditionalProperties![GeminiChunkParser.FinishMessageKey]);
        Assert.Equal(5, Assert.Single(updates[1].Contents.OfType<UsageContent>()).Details.TotalTokenCount);
    }

    [Fact]
    public void UsageArrivingAfterTheFinishChunkIsReportedAsADelta()
    {
        var (updates, _) = ParseSse(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"a"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"totalTokenCount":8}}""",
            """{"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":4,"totalTokenCount":9}}""",
            """{"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":4,"totalTokenCount":9}}"""));

        Assert.Equal(2, updates.Count);
        var total = updates.ToChatResponse().Usage!;
        Assert.Equal(5, total.InputTokenCount);
        Assert.Equal(4, total.OutputTokenCount);
        Assert.Equal(9, total.TotalTokenCount);
    }

    [Fact]
    public void BlockedPromptEndsTheStreamAsContentFilter()
    {
        var (updates, finished) = ParseSse(Sse(
            """{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT","safetyRatings":[]},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"modelVersion":"gemini-2.0-flash"}"""));

        Assert.True(finished);
        var update = Assert.Single(updates);
        Assert.Equal(ChatFinishReason.ContentFilter, update.FinishReason);
        Assert.Equal("PROHIBITED_CONTENT", update.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal("PROHIBITED_CONTENT", Assert.Single(update.Contents.OfType<ErrorContent>()).ErrorCode);
        Assert.Equal(8, Assert.Single(update.Contents.OfType<UsageContent>()).Details.InputTokenCount);
    }

    [Fact]
    public void GeneratedImagesAndFileReferencesBecomeDataAndUriContents()
    {
        var (updates, _) = ParseSse(Sse(
            """{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"fileData":{"mimeType":"application/pdf","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc"}}]},"finishReason":"STOP"}]}"""));

        var contents = Assert.Single(updates).Contents;
        var image = Assert.IsType<DataContent>(contents[0]);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(Convert.FromBase64String("iVBORw0KGgo="), image.Data.ToArray());
        var file = Assert.IsType<UriContent>(contents[1]);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/files/abc", file.Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("STOP", false, "stop")]
    [InlineData("STOP", true, "tool_calls")]
    [InlineData("MAX_TOKENS", false, "length")]
    [InlineData("SAFETY", false, "content_filter")]
    [InlineData("RECITATION", false, "content_filter")]
    [InlineData("BLOCKLIST", false, "content_filter")]
    [InlineData("PROHIBITED_CONTENT", false, "content_filter")]
    [InlineData("SPII", false, "content_filter")]
    [InlineData("IMAGE_SAFETY", false, "content_filter")]
    [InlineData("MALFORMED_FUNCTION_CALL", false, "MALFORMED_FUNCTION_CALL")]
    [InlineData("OTHER", false, "OTHER")]
    public void FinishReasonsAreNormalizedAndKeptRaw(string raw, bool withCall, string normalized)
    {
        var parts = withCall ? """[{"functionCall":{"name":"f","args":{}}}]""" : """[{"text":"x"}]""";
        var (updates, _) = ParseSse(Sse("{\"candidates\":[{\"content\":{\"parts\":" + parts + "},\"finishReason\":\"" + raw + "\"}]}"));

        var update = Assert.Single(updates);
        Assert.Equal(normalized, update.FinishReason!.Value.Value);
        Assert.Equal(raw, update.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public async Task EventsSplitAcrossTinyNetworkReadsParseTheSame(int pieceSize)
    {
        AnswerSse(_server, Sse(ThinkingChunks), pieceSize);

        var response = await CreateClient(_server).GetStreamingResponseAsync([User("2+2?")], cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.Equal("2 + 2 = 4.", response.Text);
        Assert.Equal("**Adding** I should add the numbers.", response.Messages[0].Contents.OfType<TextReasoningContent>().First().Text);
        Assert.Equal(48, response.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task LfFramingWorksLikeCrlf()
    {
        var lf = Encoding.UTF8.GetBytes(Fixture.Text("gemini/stream_text.sse").Replace("\r\n", "\n", StringComparison.Ordinal));
        AnswerSse(_server, lf, pieceSize: 7);

        var response = await CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.Equal("The capital of Wyoming is **Cheyenne**.\n", response.Text);
    }

    [Theory]
    [InlineData(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", ProviderErrorKind.Overloaded)]
    [InlineData(500, "INTERNAL", "An internal error has occurred.", ProviderErrorKind.Server)]
    [InlineData(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", ProviderErrorKind.RateLimited)]
    public async Task AnErrorInsideA200StreamComesAfterTheTextAlreadyDelivered(int code, string status, string message, ProviderErrorKind kind)
    {
        AnswerSse(_server, Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Partial answer"}],"role":"model"}}],"modelVersion":"gemini-2.5-pro"}""",
            "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}"));

        var (updates, error) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("Partial answer", Assert.Single(updates).Text);
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(kind, providerError.Kind);
        Assert.Equal(message, providerError.ProviderMessage);
        Assert.Equal(status, providerError.ErrorType);
        Assert.DoesNotContain(ApiKey, providerError.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorWithoutACodeIsStillTyped()
    {
        AnswerSse(_server, Sse("""{"error":{"message":"Something broke","status":"INTERNAL"}}"""));

        var (updates, error) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(updates);
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, providerError.Kind);
        Assert.Equal("Something broke", providerError.ProviderMessage);
    }

    [Fact]
    public async Task AConnectionCutMidStreamIsStreamInterrupted()
    {
        _server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Sse(ThinkingChunks[0]), context.RequestAborted);
            await context.Response.Body.WriteAsync("data: {\"candidates\":[{\"con"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(50, context.RequestAborted);
            EmulatorServer.Abort(context);
        };

        var (updates, error) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Single(updates);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task AStreamEndingWithoutAFinishReasonIsStreamInterrupted()
    {
        AnswerSse(_server, Sse(ThinkingChunks[..3]));

        var (updates, error) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(3, updates.Count);
        var providerError = Assert.IsType<ProviderException>(error);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, providerError.Kind);
        Assert.Contains("finishReason", providerError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyBodyIsStreamInterrupted()
    {
        AnswerSse(_server, []);

        var (updates, error) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(updates);
        Assert.Equal(ProviderErrorKind.StreamInterrupted, Assert.IsType<ProviderException>(error).Kind);
    }

    [Theory]
    [InlineData("{\"candidates\":[{\"content\":")]
    [InlineData("{\"candidates\":{\"oops\":true}}")]
    [InlineData("[1,2,3]")]
    [InlineData("not json at all")]
    [InlineData("{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"%%%\"}}]}}]}")]
    public async Task MalformedChunksAreInvalidResponseNotAHang(string data)
    {
        AnswerSse(_server, Encoding.UTF8.GetBytes($"data: {data}\n\n"));

        var (_, error) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(ProviderErrorKind.InvalidResponse, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task CancellingMidStreamStopsPromptlyAndAbortsTheRequest()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Handler = async (context, _) =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Sse(ThinkingChunks[0]), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = DateTime.UtcNow;
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: cts.Token))
            {
                cts.Cancel();
            }
        });

        Assert.IsType<OperationCanceledException>(error, exactMatch: false);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ATimeoutBeforeTheFirstByteIsTimeout()
    {
        _server.Handler = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);

        var (_, error) = await CollectAsync(CreateClient(_server, timeoutSeconds: 0.3).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.Timeout, Assert.IsType<ProviderException>(error).Kind);
    }

    [Fact]
    public async Task AStreamedToolTurnFinishesAsToolCalls()
    {
        AnswerSse(_server, Sse(ParallelCallsChunk), pieceSize: 32);

        var response = await CreateClient(_server).GetStreamingResponseAsync([User("weather and time in Paris")], cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(2, response.Messages[0].Contents.OfType<FunctionCallContent>().Count());
        Assert.Equal("resp-calls", response.ResponseId);
        Assert.Equal("gemini-2.5-flash", response.ModelId);
        Assert.Equal(60, response.Usage!.TotalTokenCount);
    }
}
