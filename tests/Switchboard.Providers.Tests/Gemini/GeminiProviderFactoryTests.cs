using Microsoft.Extensions.AI;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Tests.Infrastructure;
using Xunit;
using static Switchboard.Providers.Tests.Gemini.GeminiTestKit;

namespace Switchboard.Providers.Tests.Gemini;

public sealed class GeminiProviderFactoryTests
{
    [Fact]
    public void ServesTheGeminiProtocol() => Assert.Equal("gemini", new DescriptorFactory(GeminiProviderDescriptor.Instance).Protocol);

    [Theory]
    [InlineData(null)]
    [InlineData("https://generativelanguage.googleapis.com")]
    public void GooglesEndpointWithoutAKeyNamesTheVariable(string? baseUrl)
    {
        var error = Assert.Throws<MissingApiKeyException>(() => new DescriptorFactory(GeminiProviderDescriptor.Instance).Create("gemini", "gemini-2.5-flash", new ProviderSettings { BaseUrl = baseUrl }));

        Assert.Equal("gemini", error.Provider);
        Assert.Contains("GEMINI_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeylessGatewayGetsNoKeyHeader()
    {
        await using var server = await EmulatorServer.StartAsync();
        AnswerJson(server, OkResponse);
        using var http = new HttpClient();

        var client = new DescriptorFactory(GeminiProviderDescriptor.Instance, http).Create("local-gemini", "gemini-2.5-flash", new ProviderSettings { BaseUrl = server.BaseAddress.ToString() });
        await client.GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.IsType<GeminiChatClient>(client);
        Assert.False(server.LastRequest.Headers.ContainsKey("x-goog-api-key"));
        Assert.Equal("local-gemini", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task TheProviderNameAppearsInErrors()
    {
        await using var server = await EmulatorServer.StartAsync();
        AnswerJson(server, """{"error":{"code":500,"message":"boom","status":"INTERNAL"}}""", 500);

        var client = new DescriptorFactory(GeminiProviderDescriptor.Instance).Create("my-gemini", "gemini-2.5-flash", new ProviderSettings { ApiKey = ApiKey, BaseUrl = server.BaseAddress.ToString() });
        var error = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([User("q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("my-gemini", error.Provider);
        Assert.StartsWith("my-gemini: server (HTTP 500): boom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArgumentsAreCheckedAtTheDoor()
    {
        var factory = new DescriptorFactory(GeminiProviderDescriptor.Instance);
        Assert.Throws<ArgumentNullException>(() => factory.Create("gemini", "m", null!));
        Assert.Throws<ArgumentException>(() => factory.Create("gemini", " ", new ProviderSettings { ApiKey = ApiKey }));
        Assert.Throws<ArgumentNullException>(() => new GeminiChatClient("m", null!));
        var client = new GeminiChatClient("m", new ProviderSettings { ApiKey = ApiKey });
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetResponseAsync(null!, cancellationToken: TestContext.Current.CancellationToken));
    }
}
