using System.Net;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Gemini.GeminiTestKit;

namespace Switchboard.Providers.Tests.Gemini;

/// <summary>
/// HTTP errors in Google's <c>google.rpc.Status</c> shape (https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes)
/// and non-streaming bodies that are not what they should be.
/// </summary>
public sealed class GeminiHttpErrorTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<int, string, ProviderErrorKind> StatusBodies() => new()
    {
        { 400, Status(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."), ProviderErrorKind.ContextLengthExceeded },
        { 400, Status(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified"), ProviderErrorKind.InvalidRequest },
        { 400, "[" + Status(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", """{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}""") + "]", ProviderErrorKind.Authentication },
        { 401, Status(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."), ProviderErrorKind.Authentication },
        { 403, Status(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers."), ProviderErrorKind.PermissionDenied },
        { 404, Status(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent."), ProviderErrorKind.NotFound },
        { 500, Status(500, "INTERNAL", "An internal error has occurred."), ProviderErrorKind.Server },
        { 503, Status(503, "UNAVAILABLE", "The model is overloaded. Please try again later."), ProviderErrorKind.Overloaded },
        { 529, Status(529, "UNAVAILABLE", "Overloaded."), ProviderErrorKind.Overloaded },
        { 504, Status(504, "DEADLINE_EXCEEDED", "Deadline exceeded."), ProviderErrorKind.Timeout },
        { 502, "<html><body>Bad Gateway</body></html>", ProviderErrorKind.Server },
    };

    [Theory]
    [MemberData(nameof(StatusBodies))]
    public async Task StatusAndBodyGiveTheKindAndNeverTheKey(int status, string body, ProviderErrorKind kind)
    {
        AnswerJson(_server, body, status);

        var nonStreaming = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));
        var (_, streamingError) = await CollectAsync(CreateClient(_server).GetStreamingResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        foreach (var error in new[] { nonStreaming, Assert.IsType<ProviderException>(streamingError) })
        {
            Assert.Equal(kind, error.Kind);
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.Equal(body, error.ResponseBody);
            Assert.DoesNotContain(ApiKey, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        }

        if (body.StartsWith('{') || body.StartsWith('['))
        {
            Assert.DoesNotContain("\"error\"", nonStreaming.ProviderMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RetryAfterHeaderIsRead()
    {
        AnswerJson(_server, Fixture.Text("gemini/error_429_resource_exhausted.json"), 429, response => response.Headers.RetryAfter = "7");

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task RetryInfoInTheBodyIsReadWhenThereIsNoHeader()
    {
        AnswerJson(_server, Status(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.",
            """{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests"}]}""",
            """{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"20s"}"""), 429);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
        Assert.Equal("RESOURCE_EXHAUSTED", error.ErrorType);
        Assert.Equal("You exceeded your current quota.", error.ProviderMessage);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"functionCall":{"args":{}}}]}}]}""")]
    public async Task ABrokenSuccessBodyIsInvalidResponse(string body)
    {
        AnswerJson(_server, body);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task ANonStreamingToolCallWithSignatureAndThoughts()
    {
        AnswerJson(_server, """
            {"candidates":[{"content":{"role":"model","parts":[
              {"text":"Need the weather.","thought":true},
              {"functionCall":{"id":"call-9","name":"get_weather","args":{"city":"Oslo"}},"thoughtSignature":"c2lnLTk="}
            ]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":10,"thoughtsTokenCount":25,"totalTokenCount":65},
             "modelVersion":"gemini-2.5-pro","responseId":"abc123"}
            """);

        var response = await CreateClient(_server).GetResponseAsync([User("Oslo weather?")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("abc123", response.ResponseId);
        Assert.Equal("abc123", response.Messages[0].MessageId);
        Assert.Equal("gemini-2.5-pro", response.ModelId);
        Assert.NotNull(response.CreatedAt);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("STOP", response.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
        Assert.Collection(
            response.Messages[0].Contents,
            c => Assert.Equal("Need the weather.", Assert.IsType<TextReasoningContent>(c).Text),
            c =>
            {
                var call = Assert.IsType<FunctionCallContent>(c);
                Assert.Equal("call-9", call.CallId);
                Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
                Assert.Equal("c2lnLTk=", call.AdditionalProperties![GeminiChatClient.ThoughtSignatureKey]);
            });
        Assert.Equal(30, response.Usage!.InputTokenCount);
        Assert.Equal(35, response.Usage.OutputTokenCount);
        Assert.Equal(25, response.Usage.ReasoningTokenCount);
    }

    [Fact]
    public async Task ANonStreamingBlockedPromptIsContentFilter()
    {
        AnswerJson(_server, """{"promptFeedback":{"blockReason":"SAFETY","blockReasonMessage":"Blocked for safety."},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.0-flash"}""");

        var response = await CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("SAFETY", response.AdditionalProperties![SwitchboardProperties.ProviderFinishReason]);
        Assert.Equal("Blocked for safety.", Assert.IsType<ErrorContent>(Assert.Single(response.Messages[0].Contents)).Message);
        Assert.Equal(9, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task ACreateTimeFromTheServerIsUsed()
    {
        AnswerJson(_server, """{"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"STOP"}],"createTime":"2025-03-17T10:00:00.123456Z"}""");

        var response = await CreateClient(_server).GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new DateTimeOffset(2025, 3, 17, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), response.CreatedAt);
        Assert.Equal(GeminiTestKit.Model, response.ModelId);
    }

    private static string Status(int code, string status, string message, params string[] details) =>
        "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\",\"details\":[" + string.Join(",", details) + "]}}";
}
