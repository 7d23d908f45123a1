using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Configuration;
using Switchboard.Context.Tokens;
using Switchboard.Images;
using Switchboard.Core.Budgets;
using Switchboard.Core.Catalog;
using Switchboard.Core.RateLimiting;
using Switchboard.Core.Storage;
using Switchboard.Core.Usage;
using Switchboard.Providers;
using Switchboard.Providers.Anthropic;
using Switchboard.Providers.Gemini;
using Switchboard.Providers.Mistral;
using Switchboard.Providers.Ollama;
using Switchboard.Providers.OpenAI;
using Switchboard.Redis;
using Switchboard.Tokens;

namespace Switchboard.Hosting;

/// <summary><c>services.AddSwitchboard(settings)</c>: one host that composes every provider, store and middleware.</summary>
public static class SwitchboardServiceCollectionExtensions
{
    /// <summary>The protocols every host has: OpenAI (and compatible servers), Anthropic, Gemini, Ollama and Mistral.</summary>
    public static IReadOnlyList<ProviderDescriptor> DefaultProviders { get; } =
    [
        OpenAIProviderDescriptor.Instance,
        AnthropicProviderDescriptor.Instance,
        GeminiProviderDescriptor.Instance,
        OllamaProviderDescriptor.Instance,
        MistralProviderDescriptor.Instance,
    ];

    /// <summary>
    /// Registers the host and everything it composes: the four HTTP protocols (add more with
    /// <see cref="ISwitchboardBuilder.AddProvider"/>), the validated settings, the catalog, the usage ledger, the budget
    /// and rate-limit stores (SQLite, or Redis when <c>redis</c> is set), and <see cref="IChatClient"/>s: the default
    /// model unkeyed, and any model or route name as a keyed service (<c>GetRequiredKeyedService&lt;IChatClient&gt;("smart")</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The user's settings (see <see cref="SwitchboardSettingsLoader"/> for the config file and environment).</param>
    /// <param name="configure">Host options: database path, HTTP client, router options.</param>
    public static ISwitchboardBuilder AddSwitchboard(this IServiceCollection services, SwitchboardSettings settings, Action<SwitchboardHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton<IOptions<SwitchboardSettings>>(Options.Create(settings));
        services.AddSingleton<IValidateOptions<SwitchboardSettings>, SwitchboardSettingsValidator>();
        return services.AddSwitchboardCore(configure);
    }

    /// <summary>Registers the host with settings built by <paramref name="configureSettings"/>.</summary>
    public static ISwitchboardBuilder AddSwitchboard(this IServiceCollection services, Action<SwitchboardSettings> configureSettings, Action<SwitchboardHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configureSettings);
        var settings = new SwitchboardSettings();
        configureSettings(settings);
        return services.AddSwitchboard(settings, configure);
    }

    private static bool IsImage(AIContent content) =>
        content is ImageReferenceContent
        || (content is DataContent data && data.HasTopLevelMediaType("image"))
        || (content is UriContent uri && uri.HasTopLevelMediaType("image"));

    private static ISwitchboardBuilder AddSwitchboardCore(this IServiceCollection services, Action<SwitchboardHostOptions>? configure)
    {
        var options = services.AddOptions<SwitchboardHostOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = new SwitchboardBuilder(services);
        foreach (var descriptor in DefaultProviders)
        {
            builder.AddProvider(descriptor);
        }

        services.TryAddSingleton<SwitchboardSettingsValidator>();
        services.TryAddSingleton(sp => new ProviderRegistry(sp.GetRequiredService<IOptions<SwitchboardSettings>>().Value, sp.GetServices<ProviderDescriptor>()));
        services.TryAddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<ProviderRegistry>();
            return ModelCatalog.CreateDefault(registry.Settings.Models, provider => registry.Find(provider)?.IsFree == true);
        });
        services.TryAddSingleton<ITokenEstimatorSource>(sp => new ProviderTokenEstimators(sp.GetRequiredService<ProviderRegistry>()));
        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<SwitchboardHostOptions>>().Value is { } host
                ? host.DatabasePath ?? SwitchboardPaths.UsageDatabase(host.Environment)
                : SwitchboardPaths.UsageDatabase(Environment.GetEnvironmentVariable);
            return new SwitchboardDatabase(path);
        });
        services.TryAddSingleton<IUsageLedger>(sp => new SqliteUsageLedger(sp.GetRequiredService<SwitchboardDatabase>(), sp.GetService<ILogger<SqliteUsageLedger>>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<SwitchboardSettings>>().Value.Redis is { } redis ? new RedisConnection(redis) : null!);
        services.TryAddSingleton<IBudgetStore>(sp => sp.GetService<RedisConnection>() is { } redis
            ? new RedisBudgetStore(redis)
            : new SqliteBudgetStore(sp.GetRequiredService<SwitchboardDatabase>()));
        services.TryAddSingleton<IRateLimitStore>(sp => sp.GetService<RedisConnection>() is { } redis
            ? new RedisRateLimitStore(redis)
            : new SqliteRateLimitStore(sp.GetRequiredService<SwitchboardDatabase>()));
        services.TryAddSingleton(sp =>
        {
            // Beside the usage ledger. Opened here, once, when the first chain needs a counter.
            var folder = Path.GetDirectoryName(Path.GetFullPath(sp.GetRequiredService<SwitchboardDatabase>().FilePath))!;
            return Task.Run(() => TokenCountCalibration.OpenAsync(Path.Combine(folder, "conversations.db"), sp.GetService<TimeProvider>())).GetAwaiter().GetResult();
        });
        services.TryAddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<ProviderRegistry>();
            var selector = new TokenCounterSelector(
                sp.GetRequiredService<TokenCountCalibration>(),
                model =>
                {
                    // An image costs at most what the provider reads at its largest; a protocol without images
                    // refuses them before sending, so they do not count against its window.
                    var perImage = registry.Find(model.Provider)?.Images?.MaxTokensPerImage ?? 0;
                    return content => IsImage(content) ? perImage : null;
                },
                Images.ImageJson.Options,
                model => registry.Find(model.Provider)?.TokenizerFamily ?? TokenizerFamily.Unknown);

            // Protocols whose own counter is exact (in-process models) count with it.
            foreach (var descriptor in registry.Descriptors.Where(d => d.TokenizerFamily == TokenizerFamily.Registered))
            {
                selector.Register(descriptor.Protocol, id => descriptor.CreateTokenEstimator(id.Model, registry.SettingsFor(id)));
            }

            return selector;
        });
        services.TryAddSingleton<SwitchboardHost>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SwitchboardHost>().GetChatClient());
        services.TryAddKeyedSingleton<IChatClient>(KeyedService.AnyKey, (sp, key) => sp.GetRequiredService<SwitchboardHost>().GetChatClient(key as string));
        return builder;
    }
}
