using Switchboard.Providers.Ollama;
using Xunit;

namespace Switchboard.Providers.Tests.Ollama;

/// <summary>OLLAMA_HOST values as Ollama's own envconfig.Host reads them, made connectable for a client.</summary>
public sealed class OllamaEndpointTests
{
    [Theory]
    [InlineData(null, "http://localhost:11434/")]
    [InlineData("", "http://localhost:11434/")]
    [InlineData("   ", "http://localhost:11434/")]
    [InlineData("http://localhost:11434", "http://localhost:11434/")]
    [InlineData("http://localhost:11434/", "http://localhost:11434/")]
    [InlineData("localhost:11434", "http://localhost:11434/")]
    [InlineData("127.0.0.1:11500", "http://127.0.0.1:11500/")]
    [InlineData("0.0.0.0:11434", "http://127.0.0.1:11434/")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434/")]
    [InlineData(":11500", "http://127.0.0.1:11500/")]
    [InlineData("gpu-box", "http://gpu-box:11434/")]
    [InlineData("gpu-box:8080", "http://gpu-box:8080/")]
    [InlineData("http://gpu-box", "http://gpu-box/")]
    [InlineData("https://gpu-box", "https://gpu-box/")]
    [InlineData("HTTPS://gpu-box:8443", "https://gpu-box:8443/")]
    [InlineData("ollama.com", "https://ollama.com/")]
    [InlineData("https://ollama.com", "https://ollama.com/")]
    [InlineData("http://10.0.0.5:8080/ollama/", "http://10.0.0.5:8080/ollama")]
    [InlineData("[::1]:11434", "http://[::1]:11434/")]
    [InlineData("[::1]", "http://[::1]:11434/")]
    [InlineData("::", "http://[::1]:11434/")]
    [InlineData("[::]:11434", "http://[::1]:11434/")]
    [InlineData("gpu-box:notaport", "http://gpu-box:11434/")]
    [InlineData(" http://gpu-box:9000 ", "http://gpu-box:9000/")]
    public void Host_values_are_normalized(string? value, string expected)
    {
        Assert.Equal(expected, OllamaEndpoint.Parse(value).ToString());
    }

    [Theory]
    [InlineData("http://localhost:11434", "http://localhost:11434/api/chat")]
    [InlineData("http://10.0.0.5:8080/ollama/", "http://10.0.0.5:8080/ollama/api/chat")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434/api/chat")]
    public void The_chat_path_is_appended_to_any_prefix(string value, string expected)
    {
        Assert.Equal(expected, OllamaEndpoint.Resolve(OllamaEndpoint.Parse(value), "/api/chat").ToString());
    }

    [Fact]
    public void An_unsupported_scheme_is_refused()
    {
        Assert.Throws<ArgumentException>(() => OllamaEndpoint.Parse("ftp://gpu-box"));
    }
}
