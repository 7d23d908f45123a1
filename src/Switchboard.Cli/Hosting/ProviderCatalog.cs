using Switchboard.Configuration;
using Switchboard.Providers;
using Switchboard.Local;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;

namespace Switchboard.Cli.Hosting;

/// <summary>Every provider protocol the CLI can talk to.</summary>
internal static class ProviderCatalog
{
    public static IReadOnlyList<IProviderFactory> CreateFactories() =>
    [
        new OpenAIProviderFactory(),
        new AnthropicProviderFactory(),
        new GeminiProviderFactory(),
        new OllamaProviderFactory(),
        new LocalProviderFactory(),
    ];

    public static ProviderRegistry CreateRegistry(SwitchboardSettings settings) => new(settings, CreateFactories());
}
