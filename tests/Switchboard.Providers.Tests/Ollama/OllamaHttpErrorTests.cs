using System.Net;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Ollama.OllamaTestKit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>Non-2xx answers (https://docs.ollama.com/api/errors: 400, 401, 403, 404, 429, 500, 502) and broken bodies.</summary>
public sealed class OllamaHttpErrorTests
{
    private const string ApiKey = "sk-ollama-SECRET-never-shown-1234";

    [Theory]
    [InlineData(400, """{"error":"registry.ollama.ai/library/gemma3:1b does not support tools"}""", ProviderErrorKind.InvalidRequest)]
    [InlineData(400, """{"error":"input length exceeds maximum context length"}""", ProviderErrorKind.ContextLengthExceeded)]
    [InlineData(401, """{"error":"unauthorized"}""", ProviderErrorKind.Authentication)]
    [InlineData(403, """{"error":"cloud model access is disabled"}""", ProviderErrorKind.PermissionDenied)]
    [InlineData(404, """{"error":"model 'llama9' not found"}""", ProviderErrorKind.NotFound)]
    [InlineData(500, """{"error":"the model failed to generate a response"}""", ProviderErrorKind.Server)]
    [InlineData(502, """{"error":"cloud model cannot be reached"}""", ProviderErrorKind.Server)]
    [InlineData(503, """{"error":"server busy, please try again.  maximum pending requests exceeded"}""", ProviderErrorKind.Overloaded)]
    [InlineData(529, """{"error":"overloaded"}""", ProviderErrorKind.Overloaded)]
    public async Task Error_statuses_map_to_kinds_with_the_provider_message(int status, string body, ProviderErrorKind kind)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(body, status);
        using var client = Client(server, ApiKey);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));
        var streamError = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct)));

        foreach (var e in new[] { error, streamError })
        {
            Assert.Equal(kind, e.Kind);
            Assert.Equal((HttpStatusCode)status, e.StatusCode);
            Assert.Equal(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), e.ProviderMessage);
            Assert.Equal(body, e.ResponseBody);
            Assert.DoesNotContain(ApiKey, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Too_many_requests_reads_retry_after()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":"you have reached your hourly usage limit"}""", 429, r => r.Headers.RetryAfter = "17");
        using var client = Client(server, ApiKey);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(17), error.RetryAfter);
        Assert.True(error.IsRetryable);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_error_body_is_used_as_the_message()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("<html><body>502 Bad Gateway</body></html>", 502);
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Server, error.Kind);
        Assert.Contains("502 Bad Gateway", error.ProviderMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_error_object_is_read_too()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":{"message":"Invalid API key","type":"invalid_request_error","code":"invalid_api_key"}}""", 401);
        using var client = Client(server, ApiKey);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal("Invalid API key", error.ProviderMessage);
        Assert.Equal("invalid_request_error", error.ErrorType);
    }

    [Fact]
    public async Task An_error_object_in_a_200_non_streaming_body_throws()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":"an error was encountered while running the model"}""");
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("an error was encountered while running the model", error.ProviderMessage);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"model\":\"x\",")]
    [InlineData("<html>ok</html>")]
    public async Task A_malformed_200_body_is_an_invalid_response(string body)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(body);
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task A_server_that_is_not_running_is_a_network_error()
    {
        Uri address;
        await using (var server = await EmulatorServer.StartAsync())
        {
            address = server.BaseAddress;
        }

        using var client = new OllamaChatClient(Model, new() { BaseUrl = $"{address.Host}:{address.Port}" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Contains(address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_server_times_out_with_the_configured_timeout()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        using var client = Client(server, timeoutSeconds: 0.3);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Cancelling_a_non_streaming_call_is_operation_canceled()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        using var client = Client(server);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(200);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello(), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task An_http_image_url_is_rejected_before_sending()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(SimpleResponse);
        using var client = Client(server);
        var messages = new List<ChatMessage> { new(ChatRole.User, [new TextContent("What is this?"), new UriContent("https://example.com/cat.jpg", "image/jpeg")]) };

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(messages, cancellationToken: Ct));
        var streamError = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync(messages, cancellationToken: Ct)));

        Assert.Equal(ProviderErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("inline images", error.ProviderMessage, StringComparison.Ordinal);
        Assert.Equal(ProviderErrorKind.InvalidRequest, streamError.Kind);
        Assert.Empty(server.Requests);
    }
}
