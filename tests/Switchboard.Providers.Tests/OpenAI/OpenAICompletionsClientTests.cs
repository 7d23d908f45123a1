using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Infrastructure.FimTestKit;

namespace Switchboard.Providers.Tests.OpenAI;

public sealed class OpenAICompletionsClientTests
{
    // The Completions object (https://platform.openai.com/docs/api-reference/completions/object) as llama-server and
    // vLLM return it with n = 2 and logprobs = 1; the choices arrive out of order on purpose.
    private const string Answer = """
        {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"qwen2.5-coder-1.5b",
         "choices":[
           {"index":1,"text":"a - b","finish_reason":"stop","logprobs":{"tokens":["a"," -"," b"],"token_logprobs":[-1.0,-2.0,-3.0],"top_logprobs":[],"text_offset":[0,1,3]}},
           {"index":0,"text":"a + b","finish_reason":"stop","logprobs":{"tokens":["a"," +"," b"],"token_logprobs":[-0.1,-0.2,-0.3],"top_logprobs":[],"text_offset":[0,1,3]}}],
         "usage":{"prompt_tokens":20,"completion_tokens":6,"total_tokens":26}}
        """;

    private static OpenAICompletionsClient Client(EmulatorServer server, string? key = null) =>
        new("qwen2.5-coder-1.5b", new ProviderSettings { BaseUrl = new Uri(server.BaseAddress, "/v1").ToString(), ApiKey = key }, providerName: "llamacpp");

    [Fact]
    public async Task Sends_suffix_n_and_logprobs_and_returns_candidates_in_index_order_with_mean_logprobs()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server, key: "sk-test");

        var response = await client.GetResponseAsync(Prompt("return "), Options(suffix: ";\n}", candidates: 2, logprobs: true), Ct);

        var request = server.LastRequest;
        Assert.Equal("/v1/completions", request.PathAndQuery);
        Assert.Equal("Bearer sk-test", request.Headers["Authorization"]);
        var json = request.Json;
        Assert.Equal("return ", json.GetProperty("prompt").GetString());
        Assert.Equal(";\n}", json.GetProperty("suffix").GetString());
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        Assert.Equal(1, json.GetProperty("logprobs").GetInt32());
        Assert.Equal(64, json.GetProperty("max_tokens").GetInt32());

        Assert.Equal(["a + b", "a - b"], response.Messages.Select(m => m.Text));
        Assert.Equal(-0.2, FillInTheMiddle.GetMeanLogProbability(response.Messages[0])!.Value, 6);
        Assert.Equal(-2.0, FillInTheMiddle.GetMeanLogProbability(response.Messages[1])!.Value, 6);
        Assert.Equal(26, response.Usage!.TotalTokenCount);
        Assert.Equal("qwen2.5-coder-1.5b", response.ModelId);
    }

    [Fact]
    public async Task A_raw_prompt_is_sent_without_suffix_and_one_candidate_without_n()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server);

        await client.GetResponseAsync(Prompt("<PRE> x <SUF>y <MID>"), Options(raw: true), Ct);

        var json = server.LastRequest.Json;
        Assert.False(json.TryGetProperty("suffix", out _));
        Assert.False(json.TryGetProperty("n", out _));
        Assert.False(json.TryGetProperty("logprobs", out _));
        Assert.False(server.LastRequest.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Choices_without_logprobs_have_no_mean()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"id":"c","model":"m","choices":[{"index":0,"text":"x","finish_reason":"length"}]}""");
        using var client = Client(server);

        var response = await client.GetResponseAsync(Prompt("p"), Options(), Ct);

        Assert.Null(FillInTheMiddle.GetMeanLogProbability(Assert.Single(response.Messages)));
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task A_server_error_keeps_its_message_and_kind()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}""", 400);
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("p"), Options(), Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("context size", ex.ProviderMessage);
    }

    [Fact]
    public async Task A_choice_without_text_is_an_invalid_response()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"choices":[{"index":0}]}""");
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("p"), Options(), Ct));

        Assert.Equal(ProviderErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public void A_base_url_that_is_not_http_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OpenAICompletionsClient("m", new ProviderSettings { BaseUrl = "ftp://host" }));
        Assert.Contains("ftp://host", ex.Message);
    }
}
