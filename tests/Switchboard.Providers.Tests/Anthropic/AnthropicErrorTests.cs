using System.Net;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>HTTP error statuses and bodies (https://platform.claude.com/docs/en/api/errors) and transport failures.</summary>
public sealed class AnthropicErrorTests
{
    public static TheoryData<int, string, string, ProviderErrorKind> ErrorBodies => new()
    {
        { 400, "invalid_request_error", "messages: roles must alternate between \"user\" and \"assistant\"", ProviderErrorKind.InvalidRequest },
        { 400, "invalid_request_error", "prompt is too long: 210203 tokens > 200000 maximum", ProviderErrorKind.ContextLengthExceeded },
        { 401, "authentication_error", "invalid x-api-key", ProviderErrorKind.Authentication },
        { 403, "permission_error", "Your API key does not have permission to use the specified resource.", ProviderErrorKind.PermissionDenied },
        { 404, "not_found_error", "model: claude-nope", ProviderErrorKind.NotFound },
        { 413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", ProviderErrorKind.InvalidRequest },
        { 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", ProviderErrorKind.RateLimited },
        { 500, "api_error", "Internal server error", ProviderErrorKind.Server },
        { 503, "api_error", "Service unavailable", ProviderErrorKind.Overloaded },
        { 529, "overloaded_error", "Overloaded", ProviderErrorKind.Overloaded },
    };

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task Error_bodies_become_typed_provider_exceptions_without_the_key(int status, string type, string message, ProviderErrorKind kind)
    {
        var body = $$"""{"type":"error","error":{"type":"{{type}}","message":{{System.Text.Json.JsonSerializer.Serialize(message, AnthropicTestJsonContext.Default.String)}}},"request_id":"req_123"}""";
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(status, body);
        using var client = CreateClient(server);

        foreach (var streaming in new[] { false, true })
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => streaming
                ? CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct))
                : client.GetResponseAsync(Hello(), cancellationToken: Ct));

            Assert.Equal(kind, error.Kind);
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.Equal(type, error.ErrorType);
            Assert.Equal(message, error.ProviderMessage);
            Assert.Equal(body, error.ResponseBody);
            Assert.DoesNotContain(ApiKey, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Retry_after_header_on_429_sets_retry_after()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(
            429,
            """{"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}""",
            ("retry-after", "20"));
        using var client = CreateClient(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Non_json_error_body_keeps_the_raw_text_as_message()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(502, "<html><body>Bad Gateway</body></html>");
        using var client = CreateClient(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Server, error.Kind);
        Assert.Contains("Bad Gateway", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_object_in_a_200_body_is_not_taken_for_an_answer()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(200, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
        using var client = CreateClient(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Overloaded, error.Kind);
        Assert.Equal("overloaded_error", error.ErrorType);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"id":"msg_1","type":"message"}""")]
    [InlineData("[]")]
    public async Task Success_body_that_is_not_a_message_is_invalid_response(string body)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeJson(200, body);
        using var client = CreateClient(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_timeout()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted);
        using var client = CreateClient(server, timeoutSeconds: 0.2);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Refused_connection_is_a_network_error_without_the_key()
    {
        using var client = new AnthropicChatClient(Model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = "http://127.0.0.1:1" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct)));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }
}
