using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Providers.Tests.Http;

/// <summary>A server that sends its 200 headers (and maybe some text) and then goes silent must not hang the caller.</summary>
public sealed class StreamIdleTimeoutTests
{
    [Fact]
    public async Task Silence_before_the_first_token_is_a_timeout()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };
        using var client = new OpenAIChatClient("gpt-test", new ProviderSettings { BaseUrl = server.BaseAddress + "v1", TimeoutSeconds = 1 });

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Equal(ProviderErrorKind.Timeout, ex.Kind);
        Assert.Contains("sent nothing for 1 s", ex.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Silence_mid_stream_is_a_timeout_after_the_text_already_delivered()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync("""{"model":"m","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"Hello"},"done":false}""" + "\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };
        using var client = new OllamaChatClient("m", new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), TimeoutSeconds = 1 });

        var text = "";
        var ex = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                text += update.Text;
            }
        });
        Assert.Equal("Hello", text);
        Assert.Equal(ProviderErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task A_slow_consumer_is_not_mistaken_for_a_silent_server()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.WriteAsync("""{"model":"m","message":{"role":"assistant","content":"a"},"done":false}""" + "\n" +
                """{"model":"m","message":{"role":"assistant","content":"b"},"done":true,"done_reason":"stop","prompt_eval_count":1,"eval_count":2}""" + "\n", context.RequestAborted);
        };
        using var client = new OllamaChatClient("m", new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), TimeoutSeconds = 1 });

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            text += update.Text;
            await Task.Delay(1500, TestContext.Current.CancellationToken);
        }

        Assert.Equal("ab", text);
    }
}
