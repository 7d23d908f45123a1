using Switchboard.Completion.Engine;
using Switchboard.Configuration;
using Switchboard.Local;
using Switchboard.Models;
using Switchboard.Providers;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Mistral;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;

namespace Switchboard.Completion.Tool;

/// <summary>
/// Makes the completion client for a <c>provider/model</c> name: the FIM transport of the provider's protocol, or
/// with <c>--chat</c> the provider's chat client. A stand-in until the host's provider descriptors create completion
/// clients (CreateCompletionClient); it composes no middleware, so no ledger or budget applies to its calls.
/// </summary>
internal static class CompletionModelFactory
{
    private const int LocalPromptTokens = 400;

    public static CompletionModel Create(string name, bool chat, string? baseUrl, string? configPath)
    {
        var id = ModelId.Parse(name);
        var settings = SwitchboardSettingsLoader.Load(configPath, Environment.GetEnvironmentVariable);
        var provider = settings.GetProvider(id.Provider).MergedWith(baseUrl is null ? null : new ProviderSettings { BaseUrl = baseUrl });
        var protocol = provider.Protocol ?? id.Provider;
        var catalog = Core.Catalog.ModelCatalog.CreateDefault(settings.Models);
        Func<Microsoft.Extensions.AI.UsageDetails, decimal?> price = usage => Core.Catalog.CostCalculator.Calculate(catalog.Find(id), usage).TotalUsd;

        if (chat)
        {
            var registry = new ProviderRegistry(settings,
                [new OpenAIProviderFactory(), new AnthropicProviderFactory(), new GeminiProviderFactory(), new OllamaProviderFactory(), new LocalProviderFactory()]);
            return new CompletionModel(name, registry.CreateClient(id, baseUrl is null ? null : new ProviderSettings { BaseUrl = baseUrl }), CompletionModelProfile.Chat, price);
        }

        if (protocol == LocalProviderFactory.ProtocolName)
        {
            // In-process: no API, no price list; the cost really is nothing. The built-in model has a 2,048-token
            // context and a character-level vocabulary (about 1.3 characters a token, against the engine's 3.5), so its
            // prompt budget is a quarter of the default.
            return new CompletionModel(name, new LocalFimClient(id.Model, provider), CompletionModelProfile.NativeFillInTheMiddle, _ => 0m) { PromptTokens = LocalPromptTokens };
        }

        if (protocol == new OllamaProviderFactory().Protocol)
        {
            return new CompletionModel(name, new OllamaFimClient(id.Model, provider, providerName: id.Provider), CompletionModelProfile.NativeFillInTheMiddle, price);
        }

        if (protocol == MistralFimClient.DefaultProviderName)
        {
            provider.ApiKey ??= Environment.GetEnvironmentVariable(MistralFimClient.ApiKeyVariable);
            return new CompletionModel(name, new MistralFimClient(id.Model, provider, providerName: id.Provider), CompletionModelProfile.NativeFillInTheMiddle, price);
        }

        if (protocol == new OpenAIProviderFactory().Protocol)
        {
            // llama.cpp and vLLM completions endpoints take a raw prompt: templated here when the family is known.
            return new CompletionModel(name, new OpenAICompletionsClient(id.Model, provider, providerName: id.Provider),
                CompletionModelProfile.ForTransport(id.Model, serverAppliesTemplate: false), price);
        }

        throw new ArgumentException($"No completion transport for provider '{id.Provider}' (protocol '{protocol}'). Use --chat to complete with its chat model.");
    }
}
