using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Providers.OpenAI;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.OpenAI.OpenAITestKit;

namespace Switchboard.Providers.Tests.OpenAI;

public sealed class OpenAIProviderFactoryTests
{
    [Fact]
    public void Protocol_is_openai()
    {
        Assert.Equal("openai", new DescriptorFactory(OpenAIProviderDescriptor.Instance).Protocol);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://api.openai.com/v1")]
    public void OpenAI_itself_needs_a_key(string? baseUrl)
    {
        var factory = new DescriptorFactory(OpenAIProviderDescriptor.Instance);

        var error = Assert.Throws<MissingApiKeyException>(() => factory.Create("openai", "gpt-4.1", new ProviderSettings { BaseUrl = baseUrl }));

        Assert.Equal("openai", error.Provider);
        Assert.Contains("OPENAI_API_KEY", error.Message);
    }

    [Fact]
    public void A_compatible_server_needs_no_key()
    {
        var client = new DescriptorFactory(OpenAIProviderDescriptor.Instance).Create("vllm", "meta-llama/Llama-3.1-8B-Instruct", new ProviderSettings { BaseUrl = "http://localhost:8000/v1/" });

        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        Assert.Equal("vllm", metadata.ProviderName);
        Assert.Equal(new Uri("http://localhost:8000/v1"), metadata.ProviderUri);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", metadata.DefaultModelId);
    }

    [Fact]
    public void Default_base_url_and_service_lookup()
    {
        using var client = new OpenAIChatClient("gpt-4.1", new ProviderSettings { ApiKey = ApiKey });

        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        Assert.Equal(OpenAIProviderDescriptor.Instance.DefaultBaseUrl, metadata.ProviderUri);
        Assert.Equal("openai", metadata.ProviderName);
        Assert.Same(client, client.GetService(typeof(IChatClient)));
        Assert.Null(client.GetService(typeof(ChatClientMetadata), "key"));
        Assert.Null(client.GetService(typeof(string)));
    }

    [Theory]
    [InlineData("localhost:8000/v1")]
    [InlineData("ftp://example.com/v1")]
    public void A_base_url_that_is_not_http_is_refused(string baseUrl)
    {
        Assert.Throws<SwitchboardConfigurationException>(() => new OpenAIChatClient("m", new ProviderSettings { BaseUrl = baseUrl }));
    }

    [Fact]
    public async Task Created_client_sends_with_the_given_http_client()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Handler = JsonHandler(200, Fixture.Bytes("openai/chat_response_text.json"));
        using var http = new HttpClient();
        var factory = new DescriptorFactory(OpenAIProviderDescriptor.Instance, http);
        var client = factory.Create("groq", "llama-3.3-70b", new ProviderSettings { BaseUrl = new Uri(server.BaseAddress, "openai/v1").ToString(), ApiKey = ApiKey });

        var response = await client.GetResponseAsync(UserSays("x"), cancellationToken: Token);

        Assert.Equal("/openai/v1/chat/completions", server.LastRequest.PathAndQuery);
        Assert.Equal("llama-3.3-70b", server.LastRequest.Json.GetProperty("model").GetString());
        Assert.Equal(363, response.Usage!.OutputTokenCount);
    }
}
