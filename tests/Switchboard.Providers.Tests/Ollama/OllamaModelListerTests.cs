using System.Net;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Ollama.OllamaTestKit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>GET /api/tags against the emulator (body shape from docs/api.md "List Local Models").</summary>
public sealed class OllamaModelListerTests
{
    private const string TagsBody = """
        {
          "models": [
            {
              "name": "codellama:13b",
              "modified_at": "2023-11-04T14:56:49.277302595-07:00",
              "size": 7365960935,
              "digest": "9f438cb9cd581fc025612d27f7c1a6669ff83a8bb0ed86c94fcf4c5440555697",
              "details": { "format": "gguf", "family": "llama", "families": null, "parameter_size": "13B", "quantization_level": "Q4_0" }
            },
            {
              "name": "llama3:latest",
              "model": "llama3:latest",
              "modified_at": "2023-12-07T09:32:18.757212583-08:00",
              "size": 3825819519,
              "digest": "fe938a131f40e6f6d40083c9f0f430a515233eb2edaa6d72eb85c50d64f2300e",
              "details": { "format": "gguf", "family": "llama", "families": null, "parameter_size": "7B", "quantization_level": "Q4_0" }
            },
            { "model": "gpt-oss:120b-cloud" }
          ]
        }
        """;

    private static OllamaModelLister Lister(EmulatorServer server, string? apiKey = null) =>
        new(new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), ApiKey = apiKey });

    [Fact]
    public async Task Lists_the_model_names_in_server_order()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(TagsBody);

        var names = await Lister(server).ListModelsAsync(Ct);

        Assert.Equal(["codellama:13b", "llama3:latest", "gpt-oss:120b-cloud"], names);
        var request = server.LastRequest;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/tags", request.PathAndQuery);
        Assert.Empty(request.Body);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Sends_a_configured_key_as_a_bearer_token()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(TagsBody);

        await Lister(server, "secret-key").ListModelsAsync(Ct);

        Assert.Equal("Bearer secret-key", server.LastRequest.Headers["Authorization"]);
    }

    [Theory]
    [InlineData("""{"models":[]}""")]
    [InlineData("""{"models":null}""")]
    [InlineData("""{}""")]
    public async Task A_server_without_models_gives_an_empty_list(string body)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(body);

        Assert.Empty(await Lister(server).ListModelsAsync(Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"models":"llama3"}""")]
    [InlineData("""{"models":[""")]
    public async Task A_body_that_is_not_the_documented_json_is_an_invalid_response(string body)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(body);

        var error = await Assert.ThrowsAsync<ProviderException>(() => Lister(server).ListModelsAsync(Ct));

        Assert.Equal(ProviderErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task An_error_status_is_a_provider_exception_with_the_server_message()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":"unauthorized"}""", 401);

        var error = await Assert.ThrowsAsync<ProviderException>(() => Lister(server, "bad-key-value").ListModelsAsync(Ct));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("unauthorized", error.ProviderMessage);
        Assert.DoesNotContain("bad-key-value", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_server_is_a_network_error()
    {
        Uri address;
        await using (var server = await EmulatorServer.StartAsync())
        {
            address = server.BaseAddress;
        }

        var lister = new OllamaModelLister(new ProviderSettings { BaseUrl = $"127.0.0.1:{address.Port}" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => lister.ListModelsAsync(Ct));

        Assert.Equal(ProviderErrorKind.Network, error.Kind);
    }

    [Fact]
    public void The_address_follows_ollama_host_rules()
    {
        Assert.Equal(new Uri("http://127.0.0.1:11434/api/tags"), new OllamaModelLister(new ProviderSettings { BaseUrl = "0.0.0.0" }).TagsUri);
        Assert.Equal(new Uri("http://localhost:11434/api/tags"), new OllamaModelLister(new ProviderSettings()).TagsUri);
        Assert.Equal(new Uri("https://proxy.example/ollama/api/tags"), new OllamaModelLister(new ProviderSettings { BaseUrl = "https://proxy.example/ollama/" }).TagsUri);
    }
}
