using System.Net;
using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Ollama.OllamaTestKit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>Construction, metadata and the provider factory.</summary>
public sealed class OllamaClientTests
{
    [Fact]
    public void Metadata_names_the_provider_the_server_and_the_model()
    {
        using var client = new OllamaChatClient("llama3.2", new ProviderSettings { BaseUrl = "0.0.0.0:11434" }, providerName: "gpu-box");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("gpu-box", metadata.ProviderName);
        Assert.Equal(new Uri("http://127.0.0.1:11434/"), metadata.ProviderUri);
        Assert.Equal("llama3.2", metadata.DefaultModelId);
    }

    [Fact]
    public void The_default_server_is_localhost_11434()
    {
        using var client = new OllamaChatClient("llama3.2", new ProviderSettings());
        Assert.Equal(new Uri("http://localhost:11434/"), client.GetService<ChatClientMetadata>()!.ProviderUri);
        Assert.Equal("ollama", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public void Get_service_returns_the_client_itself_and_nothing_for_keys_or_unknown_types()
    {
        using var client = new OllamaChatClient("llama3.2", new ProviderSettings());

        Assert.Same(client, client.GetService<OllamaChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
        Assert.Null(client.GetService(typeof(string)));
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
    }

    [Fact]
    public async Task Arguments_are_checked_at_the_door()
    {
        Assert.Throws<ArgumentNullException>(() => new OllamaChatClient("m", null!));
        Assert.ThrowsAny<ArgumentException>(() => new OllamaChatClient(" ", new ProviderSettings()));
        using var client = new OllamaChatClient("m", new ProviderSettings());
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetResponseAsync((IEnumerable<ChatMessage>)null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CollectAsync(client.GetStreamingResponseAsync((IEnumerable<ChatMessage>)null!, cancellationToken: Ct)));
    }

    [Fact]
    public void The_factory_serves_the_ollama_protocol_and_needs_no_key()
    {
        var factory = new DescriptorFactory(OllamaProviderDescriptor.Instance);

        using var client = factory.Create("ollama", "qwen3:8b", new ProviderSettings());

        Assert.Equal("ollama", factory.Protocol);
        Assert.IsType<OllamaChatClient>(client);
        Assert.Equal("qwen3:8b", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task The_factory_passes_settings_name_and_http_client_through()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json(SimpleResponse);
        using var handler = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(handler);
        var factory = new DescriptorFactory(OllamaProviderDescriptor.Instance, http);

        using var client = factory.Create("lab", "qwen3:8b", new ProviderSettings { BaseUrl = server.BaseAddress.ToString(), ApiKey = "k" });
        var response = await client.GetResponseAsync(Hello(), cancellationToken: Ct);

        Assert.Equal("ok", response.Text);
        Assert.Equal(1, handler.Count);
        Assert.Equal("qwen3:8b", server.LastRequest.Json.GetProperty("model").GetString());
        Assert.Equal("Bearer k", server.LastRequest.Headers["Authorization"]);
        Assert.Equal("lab", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task Errors_carry_the_configured_provider_name()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = Json("""{"error":"model 'nope' not found"}""", 404);
        using var client = new DescriptorFactory(OllamaProviderDescriptor.Instance).Create("lab", "nope", new ProviderSettings { BaseUrl = server.BaseAddress.ToString() });

        var error = await Assert.ThrowsAsync<Switchboard.Errors.ProviderException>(() => client.GetResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("lab", error.Provider);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("lab: not_found (HTTP 404)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registry_creates_ollama_clients_without_a_key()
    {
        var settings = new SwitchboardSettings();
        var registry = new ProviderRegistry(settings, [OllamaProviderDescriptor.Instance]);

        using var client = registry.CreateClient(Switchboard.Models.ModelId.Parse("ollama/llama3.2"));

        Assert.IsType<OllamaChatClient>(client);
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
