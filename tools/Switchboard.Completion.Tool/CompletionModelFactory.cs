using Microsoft.Extensions.DependencyInjection;
using Switchboard.Completion.Engine;
using Switchboard.Configuration;
using Switchboard.Core.Catalog;
using Switchboard.Hosting;
using Switchboard.Local;
using Switchboard.Models;

namespace Switchboard.Completion.Tool;

/// <summary>
/// Makes the completion client for a <c>provider/model</c> name through the host, so completions pass the same cache,
/// budget, routing, rate limits and ledger as chat: the protocol's fill-in-the-middle endpoint, or with <c>--chat</c>
/// the model's chat client filling holes through a prompt.
/// </summary>
internal static class CompletionModelFactory
{
    /// <summary>Prompt tokens the engine may use per 2,048 tokens of context window (a quarter leaves room to answer).</summary>
    private const double PromptShareOfWindow = 0.2;

    public static CompletionModel Create(string name, bool chat, string? baseUrl, string? configPath)
    {
        var id = ModelId.Parse(name);
        var descriptors = SwitchboardServiceCollectionExtensions.DefaultProviders.Append(LocalProviderDescriptor.Instance).ToList();
        var settings = SwitchboardSettingsLoader.Load(configPath, Environment.GetEnvironmentVariable, descriptors);
        if (baseUrl is not null)
        {
            settings.Providers[id.Provider] = settings.GetProvider(id.Provider).MergedWith(new ProviderSettings { BaseUrl = baseUrl });
        }

        var services = new ServiceCollection();
        services.AddSwitchboard(settings).AddLocalModels();
        var host = services.BuildServiceProvider().GetRequiredService<SwitchboardHost>();
        var descriptor = host.Providers.Get(id.Provider);
        var catalog = host.Catalog;
        Func<Microsoft.Extensions.AI.UsageDetails, decimal?> price = usage => CostCalculator.Calculate(catalog.Find(id), usage).TotalUsd;
        if (chat)
        {
            return new CompletionModel(name, host.GetChatClient(name), CompletionModelProfile.Chat, price);
        }

        var profile = descriptor.CompletionEndpointAppliesTemplate
            ? CompletionModelProfile.NativeFillInTheMiddle
            : CompletionModelProfile.ForTransport(id.Model, serverAppliesTemplate: false);

        // A small context (the built-in model has 2,048 tokens) shrinks the prompt budget to fit it.
        var window = catalog.Find(id)?.ContextWindow;
        return new CompletionModel(name, host.GetCompletionClient(name), profile, price)
        {
            PromptTokens = window is { } tokens && tokens <= 8_192 ? (int)(tokens * PromptShareOfWindow) : null,
        };
    }
}
