using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Anthropic.AnthropicTestSupport;

namespace Switchboard.Providers.Tests.Anthropic;

/// <summary>Construction, metadata, endpoints and the provider factory.</summary>
public sealed class AnthropicChatClientTests
{
    [Fact]
    public void Metadata_names_provider_base_url_and_model()
    {
        using var client = new AnthropicChatClient("claude-sonnet-4-5", new ProviderSettings { ApiKey = ApiKey }, providerName: "my-anthropic");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("my-anthropic", metadata.ProviderName);
        Assert.Equal(new Uri("https://api.anthropic.com"), metadata.ProviderUri);
        Assert.Equal("claude-sonnet-4-5", metadata.DefaultModelId);
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("keyed"));
        Assert.Null(client.GetService<HttpClient>());
    }

    [Theory]
    [InlineData("", "/v1/messages")]
    [InlineData("/", "/v1/messages")]
    [InlineData("/v1", "/v1/messages")]
    [InlineData("/v1/", "/v1/messages")]
    [InlineData("/proxy/anthropic", "/proxy/anthropic/v1/messages")]
    public async Task Base_url_forms_reach_the_messages_endpoint(string basePath, string expectedPath)
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(TextStream("ok"));
        var baseUrl = server.BaseAddress.GetLeftPart(UriPartial.Authority) + basePath;
        using var client = new AnthropicChatClient(Model, new ProviderSettings { ApiKey = ApiKey, BaseUrl = baseUrl });

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.Equal("ok", TextOf(updates));
        Assert.Equal(expectedPath, server.LastRequest.PathAndQuery);
    }

    [Fact]
    public async Task Without_a_key_no_key_header_is_sent()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(TextStream("ok"));
        using var client = new AnthropicChatClient(Model, new ProviderSettings { BaseUrl = server.BaseAddress.ToString() });

        await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.False(server.LastRequest.Headers.ContainsKey("x-api-key"));
        Assert.Equal("2023-06-01", server.LastRequest.Headers["anthropic-version"]);
    }

    [Fact]
    public void Constructor_checks_its_arguments()
    {
        Assert.Throws<ArgumentException>(() => new AnthropicChatClient("", new ProviderSettings()));
        Assert.Throws<ArgumentNullException>(() => new AnthropicChatClient("m", null!));
        Assert.Equal("providers.anthropic.base_url", Assert.Single(Assert.Throws<SwitchboardConfigurationException>(() => new AnthropicChatClient("m", new ProviderSettings { BaseUrl = "not a url" })).Errors).Setting);
        Assert.Throws<SwitchboardConfigurationException>(() => new AnthropicChatClient("m", new ProviderSettings { BaseUrl = "ftp://example.com" }));
    }

    [Fact]
    public async Task Public_methods_check_their_arguments()
    {
        using var client = new AnthropicChatClient("m", new ProviderSettings { ApiKey = ApiKey });

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetResponseAsync((IEnumerable<ChatMessage>)null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CollectAsync(client.GetStreamingResponseAsync((IEnumerable<ChatMessage>)null!, cancellationToken: Ct)));
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
    }

    [Fact]
    public void Factory_serves_the_anthropic_protocol_and_requires_a_key()
    {
        var factory = new DescriptorFactory(AnthropicProviderDescriptor.Instance);

        Assert.Equal("anthropic", factory.Protocol);
        var missing = Assert.Throws<MissingApiKeyException>(() => factory.Create("anthropic", "claude-x", new ProviderSettings()));
        Assert.Equal("anthropic", missing.Provider);
        Assert.Contains("ANTHROPIC_API_KEY", missing.Message, StringComparison.Ordinal);
        Assert.Throws<MissingApiKeyException>(() => factory.Create("anthropic", "claude-x", new ProviderSettings { ApiKey = "  " }));
    }

    [Fact]
    public async Task Factory_creates_a_working_client_named_after_the_provider()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = ServeSse(TextStream("from factory"));
        using var http = new HttpClient();
        var factory = new DescriptorFactory(AnthropicProviderDescriptor.Instance, http);

        using var client = factory.Create("corp-claude", "claude-x", new ProviderSettings { ApiKey = ApiKey, BaseUrl = server.BaseAddress.ToString() });
        var updates = await CollectAsync(client.GetStreamingResponseAsync(Hello(), cancellationToken: Ct));

        Assert.IsType<AnthropicChatClient>(client);
        Assert.Equal("corp-claude", client.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Equal("from factory", TextOf(updates));
        Assert.Equal("claude-x", server.LastRequest.Json.GetProperty("model").GetString());
    }
}
