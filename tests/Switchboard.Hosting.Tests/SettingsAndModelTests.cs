using System.Net;
using Switchboard.Configuration;
using Switchboard.Errors;
using Switchboard.Models;
using Switchboard.Providers;
using Switchboard.Local;
using Xunit;

namespace Switchboard.Hosting.Tests;

public sealed class SettingsAndModelTests
{
    /// <summary>The protocols of the CLI: the host's four and in-process models.</summary>
    private static readonly ProviderDescriptor[] Protocols = [.. SwitchboardServiceCollectionExtensions.DefaultProviders, LocalProviderDescriptor.Instance];

    [Theory]
    [InlineData("openai/gpt-4.1", "openai", "gpt-4.1")]
    [InlineData("OpenAI/gpt-4.1", "openai", "gpt-4.1")]
    [InlineData("openai/meta-llama/Llama-3.1-8B", "openai", "meta-llama/Llama-3.1-8B")]
    [InlineData("local/stories260K", "local", "stories260K")]
    public void Model_ids_split_at_the_first_slash(string text, string provider, string model)
    {
        var id = ModelId.Parse(text);
        Assert.Equal(provider, id.Provider);
        Assert.Equal(model, id.Model);
    }

    [Theory]
    [InlineData("gpt-4.1")]
    [InlineData("/gpt-4.1")]
    [InlineData("openai/")]
    public void Malformed_model_ids_are_explained(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ModelId.Parse(text));
        Assert.Contains("provider/model", ex.Message);
    }

    [Fact]
    public void Environment_variables_override_the_config_file()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { // comments allowed
              "default_model": "anthropic/claude-sonnet-4-5",
              "providers": {
                "openai": { "api_key": "from-file", "base_url": "https://file.example/v1" },
                "groq": { "protocol": "openai", "base_url": "https://api.groq.com/openai/v1", "api_key": "g" },
              }
            }
            """);
        try
        {
            var env = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "from-env", ["OLLAMA_HOST"] = "127.0.0.1:11434" };
            var settings = SwitchboardSettingsLoader.Load(path, n => env.GetValueOrDefault(n), Protocols);
            Assert.Equal("from-env", settings.GetProvider("openai").ApiKey);
            Assert.Equal("https://file.example/v1", settings.GetProvider("openai").BaseUrl);
            Assert.Equal("127.0.0.1:11434", settings.GetProvider("ollama").BaseUrl);
            Assert.Equal("openai", settings.GetProvider("groq").Protocol);
            Assert.Equal("gemini", settings.GetProvider("gemini").Protocol);
            Assert.Equal("anthropic/claude-sonnet-4-5", settings.DefaultModel);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_default_config_file_is_fine_and_a_missing_named_or_broken_one_is_an_error()
    {
        var none = SwitchboardSettingsLoader.Load(null, n => n == "HOME" ? "/nonexistent" : null, Protocols);
        Assert.Empty(none.Providers);
        Assert.Contains("does not exist", Assert.Throws<SettingsLoadException>(() => SwitchboardSettingsLoader.Load("/nonexistent/switchboard.json", _ => null, Protocols)).Message);
        Assert.Contains("folder", Assert.Throws<SettingsLoadException>(() => SwitchboardSettingsLoader.Load(Path.GetTempPath(), _ => null, Protocols)).Message);

        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{ \"providers\": [1, 2] }");
        try
        {
            var ex = Assert.Throws<SettingsLoadException>(() => SwitchboardSettingsLoader.Load(path, _ => null, Protocols));
            Assert.Contains(path, ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Default_config_path_follows_xdg()
    {
        Assert.Equal("/x/switchboard/config.json", SwitchboardSettingsLoader.DefaultConfigPath(n => n == "XDG_CONFIG_HOME" ? "/x" : null));
        Assert.Equal("/home/u/.config/switchboard/config.json", SwitchboardSettingsLoader.DefaultConfigPath(n => n == "HOME" ? "/home/u" : null));
    }

    [Theory]
    [InlineData(null, null, "local/stories260K")]
    [InlineData("OPENAI_API_KEY", null, "openai/gpt-4.1-mini")]
    [InlineData("ANTHROPIC_API_KEY", null, "anthropic/claude-sonnet-4-5")]
    [InlineData("GEMINI_API_KEY", null, "gemini/gemini-2.5-flash")]
    [InlineData("GEMINI_API_KEY", "ollama/llama3.2", "ollama/llama3.2")]
    public void The_default_model_follows_configured_keys(string? keyVariable, string? configured, string expected)
    {
        var env = new Dictionary<string, string>();
        if (keyVariable is not null)
        {
            env[keyVariable] = "k";
        }

        if (configured is not null)
        {
            env["SWITCHBOARD_MODEL"] = configured;
        }

        env["HOME"] = "/nonexistent";
        var registry = new ProviderRegistry(SwitchboardSettingsLoader.Load(null, n => env.GetValueOrDefault(n), Protocols), Protocols);
        Assert.Equal(expected, registry.ResolveDefaultModel(out var reason).ToString());
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public void Unknown_providers_list_the_known_ones()
    {
        var registry = new ProviderRegistry(new SwitchboardSettings(), Protocols);
        var ex = Assert.Throws<UnknownProviderException>(() => registry.CreateClient(ModelId.Parse("acme/x")));
        Assert.Contains("acme", ex.Message);
    }

    [Theory]
    [InlineData(ProviderErrorKind.RateLimited, "rate_limited", true)]
    [InlineData(ProviderErrorKind.ContextLengthExceeded, "context_length_exceeded", false)]
    [InlineData(ProviderErrorKind.StreamInterrupted, "stream_interrupted", true)]
    [InlineData(ProviderErrorKind.Authentication, "authentication", false)]
    public void Error_kinds_have_stable_names_and_retryability(ProviderErrorKind kind, string name, bool retryable)
    {
        var ex = new ProviderException(kind, "openai", "boom", HttpStatusCode.BadRequest);
        Assert.Equal(name, ex.KindName);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Contains("HTTP 400", ex.Message);
    }
}
