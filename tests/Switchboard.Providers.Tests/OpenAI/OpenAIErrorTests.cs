using System.Net;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Errors;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

/// <summary>HTTP errors with OpenAI's documented bodies (https://platform.openai.com/docs/guides/error-codes) and compatible servers' ones.</summary>
public sealed class OpenAIErrorTests
{
    public static TheoryData<int, string, ProviderErrorKind, string, string?> Errors => new()
    {
        {
            401,
            """{"error":{"message":"Incorrect API key provided: sk-abc***xyz. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""",
            ProviderErrorKind.Authentication, "Incorrect API key provided: sk-abc***xyz. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error"
        },
        {
            403,
            """{"error":{"message":"Country, region, or territory not supported","type":"request_forbidden","param":null,"code":"unsupported_country_region_territory"}}""",
            ProviderErrorKind.PermissionDenied, "Country, region, or territory not supported", "request_forbidden"
        },
        {
            404,
            """{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""",
            ProviderErrorKind.NotFound, "The model `gpt-9` does not exist or you do not have access to it.", "invalid_request_error"
        },
        {
            400,
            """{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""",
            ProviderErrorKind.ContextLengthExceeded, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.", "invalid_request_error"
        },
        {
            400,
            """{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""",
            ProviderErrorKind.InvalidRequest, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "invalid_request_error"
        },
        {
            500,
            """{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}""",
            ProviderErrorKind.Server, "The server had an error while processing your request. Sorry about that!", "server_error"
        },
        {
            503,
            """{"error":{"message":"The engine is currently overloaded, please try again later.","type":"server_error","param":null,"code":null}}""",
            ProviderErrorKind.Overloaded, "The engine is currently overloaded, please try again later.", "server_error"
        },
        {
            529,
            """{"error":{"message":"Overloaded","type":"overloaded_error"}}""",
            ProviderErrorKind.Overloaded, "Overloaded", "overloaded_error"
        },
        {
            400,
            """{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.","type":"BadRequestError","param":null,"code":400}""",
            ProviderErrorKind.ContextLengthExceeded, "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.", "BadRequestError"
        },
        {
            502,
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            ProviderErrorKind.Server, "<html><body><h1>502 Bad Gateway</h1></body></html>", null
        },
        {
            500,
            """{"error":"model crashed"}""",
            ProviderErrorKind.Server, "model crashed", null
        },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Http_errors_become_typed_exceptions(int status, string body, ProviderErrorKind kind, string message, string? type)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(status, Encoding.UTF8.GetBytes(body));
        using var client = Client(server);

        foreach (var streaming in new[] { false, true })
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => Call(client, streaming));

            Assert.Equal(kind, error.Kind);
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.Equal(message, error.ProviderMessage);
            Assert.Equal(type, error.ErrorType);
            Assert.Equal(body, error.ResponseBody);
            Assert.DoesNotContain(ApiKey, error.Message);
            Assert.DoesNotContain(ApiKey, error.ToString());
        }
    }

    [Fact]
    public async Task Retry_after_ms_is_preferred_and_an_unsent_retry_after_is_null()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rateLimit = Fixture.Bytes("openai/error_429_rate_limit.json");
        server.Handler = JsonHandler(429, rateLimit, response =>
        {
            response.Headers["retry-after-ms"] = "1500";
            response.Headers.RetryAfter = "2";
        });
        using var client = Client(server);

        var precise = await Assert.ThrowsAsync<ProviderException>(() => Call(client, streaming: true));
        server.Handler = JsonHandler(429, rateLimit);
        var none = await Assert.ThrowsAsync<ProviderException>(() => Call(client, streaming: false));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), precise.RetryAfter);
        Assert.Null(none.RetryAfter);
        Assert.Equal(ProviderErrorKind.RateLimited, none.Kind);
    }

    [Fact]
    public async Task An_error_body_with_a_200_status_throws()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(200, """{"error":{"message":"Rate limit exceeded upstream","code":"rate_limit_exceeded"}}"""u8.ToArray());
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(UserSays("x"), cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal("Rate limit exceeded upstream", error.ProviderMessage);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"choices\":[")]
    [InlineData("<html>ok</html>")]
    [InlineData("{\"id\":\"x\"}")]
    public async Task A_200_body_that_is_not_a_completion_is_invalid_response(string body)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(200, Encoding.UTF8.GetBytes(body));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(UserSays("x"), cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = (context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        using var client = Client(server, timeoutSeconds: 0.3);

        var error = await Assert.ThrowsAsync<ProviderException>(() => Call(client, streaming: true));

        Assert.Equal(ProviderErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task A_refused_connection_is_a_network_error_without_the_key()
    {
        int port;
        await using (var server = await EmulatorServer.StartAsync())
        {
            port = server.BaseAddress.Port;
        }

        using var client = new OpenAIChatClient("gpt-test", new() { BaseUrl = $"http://127.0.0.1:{port}/v1", ApiKey = ApiKey });

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(UserSays("x"), cancellationToken: Token));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.DoesNotContain(ApiKey, error.ToString());
    }

    private static async Task Call(IChatClient client, bool streaming)
    {
        if (streaming)
        {
            await CollectAsync(client.GetStreamingResponseAsync(UserSays("x"), cancellationToken: Token));
        }
        else
        {
            await client.GetResponseAsync(UserSays("x"), cancellationToken: Token);
        }
    }
}
