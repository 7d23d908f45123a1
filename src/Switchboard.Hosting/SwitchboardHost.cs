using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.Catalog;
using Switchboard.Configuration;
using Switchboard.Context.Compaction;
using Switchboard.Context.Conversations;
using Switchboard.Context.Tokens;
using Switchboard.Core.Storage;
using Switchboard.Core.Budgets;
using Switchboard.Core.Caching;
using Switchboard.Core.Catalog;
using Switchboard.Core.Middleware;
using Switchboard.Core.RateLimiting;
using Switchboard.Core.Routing;
using Switchboard.Core.Usage;
using Switchboard.Images;
using Switchboard.Models;
using Switchboard.Providers;
using Switchboard.Tokens;

namespace Switchboard.Hosting;

/// <summary>
/// Composes everything once and hands every surface the same long-lived, fully wrapped clients. Outermost first:
/// logging → tool loop (<see cref="FunctionInvokingChatClient"/>) → response cache → budget guard → router (retries,
/// fallbacks, cooldown) → per target: image preparation → rate-limit queue → OpenTelemetry → cost ledger → provider.
/// Clients are made once per model or route and live as long as the host, so cooldowns, caches and queues do too.
/// </summary>
public sealed class SwitchboardHost : IAsyncDisposable
{
    /// <summary>The name of Switchboard's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string TelemetrySourceName = "Switchboard";

    private readonly IServiceProvider _services;
    private readonly SwitchboardHostOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Route, ClientKind Kind), Lazy<IChatClient>> _clients = new();
    private readonly ConcurrentDictionary<string, SharedWindowRateLimiter?> _limiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IEmbeddingGenerator<string, Embedding<float>>> _embedders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<HybridCache?> _cache;
    private readonly Lazy<Task<SqliteConversationStore>> _conversations;
    private readonly LazyContextSummaryStore _summaries;
    private readonly Lazy<IUsageLedger> _ledger;
    private int _disposed;

    /// <exception cref="SwitchboardConfigurationException">A setting cannot work; every bad one is named.</exception>
    public SwitchboardHost(
        IOptions<SwitchboardSettings> settings,
        IOptions<SwitchboardHostOptions> options,
        ProviderRegistry providers,
        SwitchboardSettingsValidator validator,
        IServiceProvider services,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(services);
        Settings = settings.Value;
        var errors = validator.Validate(Settings);
        if (errors.Count > 0)
        {
            throw new SwitchboardConfigurationException(errors);
        }

        _options = options.Value;
        _services = services;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SwitchboardHost>();
        Providers = providers;
        _ledger = new Lazy<IUsageLedger>(services.GetRequiredService<IUsageLedger>);
        _conversations = new Lazy<Task<SqliteConversationStore>>(() => SqliteConversationStore.OpenAsync(ConversationsPath, ImageJson.Options, services.GetService<TimeProvider>()));
        _summaries = new LazyContextSummaryStore(() => _conversations.Value);
        _cache = new Lazy<HybridCache?>(() => Settings.Cache.Enabled ? Redis.ResponseCacheFactory.Create(Settings.Cache.Redis ?? Settings.Redis) : null);
    }

    /// <summary>The validated settings.</summary>
    public SwitchboardSettings Settings { get; }

    /// <summary>The protocols and how provider names map to them.</summary>
    public ProviderRegistry Providers { get; }

    /// <summary>Known models and prices (shipped catalog plus the user's entries).</summary>
    public ModelCatalog Catalog => _services.GetRequiredService<ModelCatalog>();

    /// <summary>Where every provider call is recorded.</summary>
    public IUsageLedger Ledger => _ledger.Value;

    /// <summary>Budget spend and reservations, shared by every process using the same store.</summary>
    public IBudgetStore BudgetStore => _services.GetRequiredService<IBudgetStore>();

    /// <summary>Token counters per model family: exact where a tokenizer is known, calibrated estimates elsewhere.</summary>
    public TokenCounterSelector TokenCounters => _services.GetRequiredService<TokenCounterSelector>();

    /// <summary>The file conversations, their summaries and token calibration are kept in, beside the usage ledger.</summary>
    public string ConversationsPath => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_services.GetRequiredService<SwitchboardDatabase>().FilePath))!, "conversations.db");

    /// <summary>Saved conversations (opened on first use); compaction summaries live there too.</summary>
    public Task<SqliteConversationStore> GetConversationsAsync() => _conversations.Value;

    /// <summary>Token estimates per model.</summary>
    public ITokenEstimatorSource Estimators => _services.GetRequiredService<ITokenEstimatorSource>();

    /// <summary>Raised when spend crosses the budget's alert threshold (once per period and process).</summary>
    public event EventHandler<BudgetAlert>? BudgetAlert;

    /// <summary>
    /// What a model name means: a configured route, a <c>provider/model</c>, or (for null) the configured default,
    /// else the first provider with a key, else the offline model.
    /// </summary>
    /// <exception cref="SwitchboardConfigurationException">The name is neither a route nor <c>provider/model</c>, or names an unknown provider.</exception>
    public ModelResolution ResolveModel(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            var model = Providers.ResolveDefaultModel(out var reason);
            return new ModelResolution(Settings.DefaultModel is { } configured ? Route(configured, "default_model") : ModelRoute.Single(model), reason);
        }

        return new ModelResolution(Route(name, "model"), "chosen by name");
    }

    /// <summary>The fully wrapped client for a model or route (the default model for null), made once and kept.</summary>
    /// <exception cref="SwitchboardConfigurationException">The name or a setting it needs cannot work.</exception>
    /// <exception cref="MissingApiKeyException">A provider of the route needs a key and has none.</exception>
    public IChatClient GetChatClient(string? modelOrRoute = null)
    {
        var route = ResolveModel(modelOrRoute).Route;
        return _clients.GetOrAdd((route.Name, ClientKind.Chat), _ => new Lazy<IChatClient>(() => Build(route, ClientKind.Chat))).Value;
    }

    /// <summary>
    /// An embedding generator for <c>provider/model</c> (<c>local/all-MiniLM-L6-v2</c> offline), made once and kept,
    /// with every call recorded in the ledger like chat calls.
    /// </summary>
    /// <exception cref="SwitchboardConfigurationException">The protocol has no embeddings, or the name is not <c>provider/model</c>.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string model) => _embedders.GetOrAdd(model, name =>
    {
        ModelId id;
        try
        {
            id = ModelId.Parse(name);
        }
        catch (FormatException ex)
        {
            throw new SwitchboardConfigurationException("embedding_model", ex.Message);
        }

        var descriptor = Providers.Get(id.Provider);
        var errors = descriptor.Validate(id.Provider, Providers.SettingsFor(id));
        if (errors.Count > 0)
        {
            throw new SwitchboardConfigurationException(errors);
        }

        var generator = descriptor.CreateEmbeddingGenerator(ProbeContext(id))
            ?? throw new SwitchboardConfigurationException("embedding_model", $"the {descriptor.Protocol} protocol has no embeddings; choose a model of a protocol that has them (for example local/all-MiniLM-L6-v2)");
        return new Core.Middleware.CostTrackingEmbeddingGenerator(generator, Ledger, Catalog, id, _services.GetService<TimeProvider>());
    });

    /// <summary>
    /// The fully wrapped fill-in-the-middle client for a model or route (request convention:
    /// <see cref="Completion.FillInTheMiddle"/>): the same cache, budget, routing, rate limits and ledger as chat, with
    /// each target's completion endpoint as the leaf.
    /// </summary>
    /// <exception cref="SwitchboardConfigurationException">A target's protocol has no completion endpoint (use its chat model instead).</exception>
    public IChatClient GetCompletionClient(string? modelOrRoute = null)
    {
        var route = ResolveModel(modelOrRoute).Route;
        foreach (var target in route.Targets)
        {
            if (Providers.Get(target.Provider).CreateCompletionClient(ProbeContext(target)) is null)
            {
                throw new SwitchboardConfigurationException("model", $"{target} has no fill-in-the-middle endpoint (the {Providers.Get(target.Provider).Protocol} protocol has none); complete with its chat model instead");
            }
        }

        return _clients.GetOrAdd((route.Name, ClientKind.Completion), _ => new Lazy<IChatClient>(() => Build(route, ClientKind.Completion))).Value;
    }

    /// <summary>Drains the usage ledger, so no call goes unrecorded, and stops the rate limiters.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        foreach (var embedder in _embedders.Values)
        {
            embedder.Dispose();
        }

        foreach (var limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }

        if (_conversations.IsValueCreated && _conversations.Value.IsCompletedSuccessfully)
        {
            await _conversations.Value.Result.DisposeAsync().ConfigureAwait(false);
        }

        // The ledger is a DI singleton; disposing it here drains it even when the container is never disposed.
        if (_ledger.IsValueCreated)
        {
            await _ledger.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ModelRoute Route(string name, string setting)
    {
        try
        {
            var route = ModelRoute.Resolve(name, Settings);
            foreach (var target in route.Targets)
            {
                _ = Providers.Get(target.Provider);
            }

            return route;
        }
        catch (FormatException ex)
        {
            throw new SwitchboardConfigurationException(setting, ex.Message);
        }
        catch (UnknownProviderException ex)
        {
            throw new SwitchboardConfigurationException(setting, ex.Message);
        }
    }

    private IChatClient Build(ModelRoute route, ClientKind kind)
    {
        var builder = new ChatClientBuilder(BuildRouter(route, kind));
        builder.UseLogging(_loggerFactory);
        if (kind == ClientKind.Chat)
        {
            builder.Use((inner, services) => new ToolLoopChatClient(inner, _loggerFactory, services)
            {
                AllowConcurrentInvocation = true,

                // The model reads why a tool failed (file not found, path outside the workspace) and can react.
                IncludeDetailedErrors = true,
                MaximumIterationsPerRequest = Settings.Tools.MaxSteps,
            });

            // Inside the tool loop, so every step of a loop is measured and kept inside the window.
            if (ContextWindowFor(route) is { } window)
            {
                builder.UseContextWindow(TokenCounters.GetChatCounter(route.Primary), window.Options, window.Summarizer, _summaries);
            }
        }

        if (_cache.Value is { } cache)
        {
            // Keys hash the conversation, which may hold attached images (ImageJson knows how to write them).
            var partition = kind switch
            {
                ClientKind.Completion => "completion:" + route.Name,
                ClientKind.Summary => "summary:" + route.Name,
                _ => route.Name,
            };
            builder.Use(inner => new HybridCachingChatClient(inner, cache, partition, TimeSpan.FromHours(Settings.Cache.TtlHours), ImageJson.Options));
        }

        // Inside the cache: a cached answer costs nothing and must not count against the budget.
        if (Settings.Budget is { HasLimit: true } budget)
        {
            var fallback = budget.FallbackModel is { } cheap ? Route(cheap, "budget.fallback_model") : null;
            builder.UseBudget(
                budget,
                route.Targets,
                fallback is null ? null : new BudgetFallback(fallback.Targets, BuildRouter(fallback, kind)),
                configure: guard => guard.Alert += (_, alert) =>
                {
                    HostingLog.BudgetAlert(_logger, alert.ToString());
                    BudgetAlert?.Invoke(this, alert);
                });
        }

        HostingLog.ClientComposed(_logger, route.Name, string.Join(", ", route.Targets));
        return builder.Build(_services);
    }

    private ModelRouterChatClient BuildRouter(ModelRoute route, ClientKind kind)
    {
        var targets = route.Targets.Select(model => new RouteTarget(model, BuildTarget(model, kind))).ToList();
        return new ModelRouterChatClient(route.Name, targets, _options.Router, _services.GetService<TimeProvider>());
    }

    /// <summary>One deployment's chain: everything here concerns that provider alone, and the ledger sits next to it.</summary>
    private IChatClient BuildTarget(ModelId model, ClientKind kind)
    {
        var descriptor = Providers.Get(model.Provider);
        var provider = kind == ClientKind.Completion
            ? descriptor.CreateCompletionClient(ProbeContext(model))!
            : Providers.CreateClient(model, httpClient: _options.HttpClient, timeProvider: _services.GetService<TimeProvider>());
        var builder = new ChatClientBuilder(provider);
        if (kind == ClientKind.Completion)
        {
            // Code goes in and comes out: no images to prepare.
        }
        else if (descriptor.Images is { } images)
        {
            builder.UseImagePreparation(images, Catalog.Find(model), _options.HttpClient, client => client.AllowInsecureLoopbackDownloads = _options.AllowInsecureLoopbackImageDownloads);
        }
        else
        {
            builder.Use(inner => new ImageRefusingChatClient(inner, model.ToString()));
        }

        if (RateLimiterFor(model.Provider) is { } limiter)
        {
            builder.Use(inner => new RateLimitingChatClient(inner, limiter, model.Provider, Estimators.GetEstimator(model)));
        }

        builder.UseOpenTelemetry(_loggerFactory, TelemetrySourceName);
        builder.UseCostTracking(model);
        return builder.Build(_services);
    }

    /// <summary>
    /// The window policy of a route (its smallest target window, so a fallback fits too) and the client that summarizes
    /// for it; null when context management is off or no target's window is known.
    /// </summary>
    /// <exception cref="SwitchboardConfigurationException">A context setting does not fit the model's window.</exception>
    private (ContextWindowOptions Options, IChatClient Summarizer)? ContextWindowFor(ModelRoute route)
    {
        if (!Settings.Context.Enabled)
        {
            return null;
        }

        var smallest = route.Targets.Select(Catalog.Find).Where(m => m?.ContextWindow is > 0).MinBy(m => m!.ContextWindow);
        if (smallest is null)
        {
            HostingLog.NoContextWindow(_logger, route.Name);
            return null;
        }

        var summaryRoute = Route(Settings.Context.SummaryModel ?? CheapestOf(route.Primary)?.Id ?? route.Primary.ToString(), "context.summary_model");
        var options = ContextWindowOptions.ForModel(smallest);
        options.AutoCompactAt = Settings.Context.AutoCompactAt;
        options.KeepRecentTokens = Settings.Context.KeepRecentTokens;
        if (Catalog.Find(summaryRoute.Primary) is { ContextWindow: > 0 } summaryModel)
        {
            var summaryOptions = ContextWindowOptions.ForModel(summaryModel);
            options.SummarizerInputTokens = summaryOptions.Window - summaryOptions.ReservedOutputTokens;
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new SwitchboardConfigurationException("context", $"{ex.Message} (window of {smallest.Id}: {smallest.ContextWindow} tokens)");
        }

        var summarizer = _clients.GetOrAdd((summaryRoute.Name, ClientKind.Summary), _ => new Lazy<IChatClient>(() => Build(summaryRoute, ClientKind.Summary))).Value;
        return (options, summarizer);
    }

    /// <summary>The cheapest priced model of a model's provider, by input plus output price; null when none is priced.</summary>
    private ModelInfo? CheapestOf(ModelId model) => Catalog.Models
        .Where(m => m.Pricing is not null && m.Id.StartsWith(model.Provider + "/", StringComparison.OrdinalIgnoreCase))
        .MinBy(m => m.Pricing!.Input + m.Pricing.Output);

    /// <summary>The context a model's clients are made with (its provider's settings, already validated).</summary>
    private ProviderClientContext ProbeContext(ModelId model) => new()
    {
        ProviderName = model.Provider,
        Model = model.Model,
        Settings = Providers.SettingsFor(model),
        HttpClient = _options.HttpClient,
        TimeProvider = _services.GetService<TimeProvider>() ?? TimeProvider.System,
    };

    private SharedWindowRateLimiter? RateLimiterFor(string provider) => _limiters.GetOrAdd(provider, name =>
    {
        var settings = Providers.Settings.GetProvider(name);
        var rule = new RateLimitRule(settings.RequestsPerMinute, settings.TokensPerMinute, TimeSpan.FromMinutes(1));
        return rule.HasLimit
            ? new SharedWindowRateLimiter(_services.GetRequiredService<IRateLimitStore>(), "provider:" + name, rule, _services.GetService<TimeProvider>())
            : null;
    });

    /// <summary>What a composed client talks to: chat, fill-in-the-middle completion, or summaries for compaction.</summary>
    private enum ClientKind
    {
        Chat,
        Completion,

        /// <summary>Chat without the tool loop or the context window: it summarizes for them.</summary>
        Summary,
    }
}
