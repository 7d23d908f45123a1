using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Completion;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Infrastructure.FimTestKit;

namespace Switchboard.Providers.Tests.Ollama;

public sealed class OllamaFimClientTests
{
    // The documented /api/generate answer (https://docs.ollama.com/api/generate) with logprobs as Ollama 0.12.11+ sends them.
    private const string Answer = """
        {"model":"qwen2.5-coder:1.5b","created_at":"2025-10-17T23:14:07.414671Z","response":"a + b","done":true,"done_reason":"stop",
         "context":[1,2,3],"total_duration":174560334,"prompt_eval_count":11,"eval_count":3,
         "logprobs":[{"token":"a","logprob":-0.5},{"token":" +","logprob":-0.25},{"token":" b","logprob":-0.75}]}
        """;

    private static OllamaFimClient Client(EmulatorServer server) =>
        new("qwen2.5-coder:1.5b", new ProviderSettings { BaseUrl = server.BaseAddress.ToString() });

    [Fact]
    public async Task Sends_prefix_and_suffix_to_api_generate_and_reads_one_candidate_with_its_mean_logprob()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server);

        var response = await client.GetResponseAsync(Prompt("def add(a, b):\n    return "), Options(suffix: "\n\nprint(add(1, 2))", logprobs: true), Ct);

        var request = server.LastRequest;
        Assert.Equal("/api/generate", request.PathAndQuery);
        var json = request.Json;
        Assert.Equal("qwen2.5-coder:1.5b", json.GetProperty("model").GetString());
        Assert.Equal("def add(a, b):\n    return ", json.GetProperty("prompt").GetString());
        Assert.Equal("\n\nprint(add(1, 2))", json.GetProperty("suffix").GetString());
        Assert.False(json.GetProperty("stream").GetBoolean());
        Assert.True(json.GetProperty("logprobs").GetBoolean());
        Assert.False(json.TryGetProperty("raw", out _));
        Assert.Equal(64, json.GetProperty("options").GetProperty("num_predict").GetInt32());
        Assert.Equal("\n\n", json.GetProperty("options").GetProperty("stop")[0].GetString());

        var candidate = Assert.Single(response.Messages);
        Assert.Equal("a + b", candidate.Text);
        Assert.Equal(-0.5, FillInTheMiddle.GetMeanLogProbability(candidate)!.Value, 6);
        Assert.Equal(11, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task A_raw_prompt_goes_with_raw_true_and_no_suffix()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server);

        await client.GetResponseAsync(Prompt("<|fim_prefix|>x = <|fim_suffix|>\n<|fim_middle|>"), Options(raw: true), Ct);

        var json = server.LastRequest.Json;
        Assert.True(json.GetProperty("raw").GetBoolean());
        Assert.False(json.TryGetProperty("suffix", out _));
    }

    [Fact]
    public async Task Streaming_replays_the_single_answer()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server);

        var response = await client.GetStreamingResponseAsync(Prompt("x = "), Options(suffix: ";"), Ct).ToChatResponseAsync(Ct);

        Assert.Equal("a + b", response.Text);
    }

    [Fact]
    public async Task A_missing_model_is_a_typed_not_found_error_with_ollamas_message()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":"model 'qwen2.5-coder:1.5b' not found"}""", 404);
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("x"), Options(), Ct));

        Assert.Equal(ProviderErrorKind.NotFound, ex.Kind);
        Assert.Contains("not found", ex.ProviderMessage);
    }

    [Fact]
    public async Task A_body_without_response_text_is_an_invalid_response()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"model":"m","done":true}""");
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("x"), Options(), Ct));

        Assert.Equal(ProviderErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task Raw_with_a_suffix_and_several_messages_are_refused_before_sending()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = Client(server);
        var rawWithSuffix = Options(suffix: "}", raw: true);

        var both = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("x"), rawWithSuffix, Ct));
        var many = await Assert.ThrowsAsync<ProviderException>(() =>
            client.GetResponseAsync([new(ChatRole.User, "a"), new(ChatRole.User, "b")], Options(), Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, both.Kind);
        Assert.Equal(ProviderErrorKind.InvalidRequest, many.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Options_that_travelled_through_json_are_still_read()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server);
        var options = Options();
        options.AdditionalProperties![FillInTheMiddle.Suffix] = JsonDocument.Parse("\"tail\"").RootElement.Clone();

        await client.GetResponseAsync(Prompt("head"), options, Ct);

        Assert.Equal("tail", server.LastRequest.Json.GetProperty("suffix").GetString());
    }
}
