using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Mistral;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Infrastructure.FimTestKit;

namespace Switchboard.Providers.Tests.Mistral;

public sealed class MistralFimClientTests
{
    // The FIM answer as documented (https://docs.mistral.ai/api/#tag/fim): the Chat Completions shape.
    private const string Answer = """
        {"id":"5b35cc2e69bf4ba9a11373ee1f1937f8","object":"chat.completion","created":1702256327,"model":"codestral-latest",
         "choices":[{"index":0,"message":{"role":"assistant","content":"a + b"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":16,"completion_tokens":4,"total_tokens":20}}
        """;

    private static MistralFimClient Client(EmulatorServer server) =>
        new("codestral-latest", new ProviderSettings { BaseUrl = new Uri(server.BaseAddress, "/v1").ToString(), ApiKey = "mistral-key" });

    [Fact]
    public async Task Posts_prompt_and_suffix_to_fim_completions_and_reads_the_chat_shaped_answer()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(Answer);
        using var client = Client(server);
        var options = Options(suffix: "\nprint(add(1, 2))");
        options.Seed = 7;

        var response = await client.GetResponseAsync(Prompt("def add(a, b):\n    return "), options, Ct);

        var request = server.LastRequest;
        Assert.Equal("/v1/fim/completions", request.PathAndQuery);
        Assert.Equal("Bearer mistral-key", request.Headers["Authorization"]);
        var json = request.Json;
        Assert.Equal("codestral-latest", json.GetProperty("model").GetString());
        Assert.Equal("\nprint(add(1, 2))", json.GetProperty("suffix").GetString());
        Assert.Equal(7, json.GetProperty("random_seed").GetInt64());
        Assert.False(json.TryGetProperty("n", out _));
        Assert.Equal("a + b", Assert.Single(response.Messages).Text);
        Assert.Equal(20, response.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task A_validation_error_names_the_field()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"detail":[{"type":"missing","loc":["body","prompt"],"msg":"Field required"}]}""", 422);
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("p"), Options(), Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("body.prompt: Field required", ex.ProviderMessage);
    }

    [Fact]
    public async Task An_unauthorized_key_is_an_authentication_error()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"object":"error","message":"Unauthorized","type":"invalid_request_error","param":null,"code":null}""", 401);
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("p"), Options(), Ct));

        Assert.Equal(ProviderErrorKind.Authentication, ex.Kind);
        Assert.Equal("Unauthorized", ex.ProviderMessage);
    }

    [Fact]
    public async Task A_raw_prompt_is_refused_without_a_request()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Prompt("[SUFFIX]x[PREFIX]y"), Options(raw: true), Ct));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Mistrals_own_host_without_a_key_is_refused_with_the_variable_to_set()
    {
        var ex = Assert.Throws<MissingApiKeyException>(() => new MistralFimClient("codestral-latest", new ProviderSettings()));
        Assert.Contains(MistralFimClient.ApiKeyVariable, ex.Message);
    }
}
