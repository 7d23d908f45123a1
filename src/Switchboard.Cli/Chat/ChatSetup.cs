using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Switchboard.Cli.Tools;
using Switchboard.Images;
using Switchboard.Core.Budgets;
using Switchboard.Core.Caching;
using Switchboard.Core.Catalog;
using Switchboard.Configuration;
using Switchboard.Core.Middleware;
using Switchboard.Models;
using Switchboard.Providers;
using Switchboard.Core.RateLimiting;
using Switchboard.Core.Routing;
using Switchboard.Core.Usage;

namespace Switchboard.Cli.Chat;

/// <summary>What a chat needs to start: the provider registry, the chosen model and the per-request options.</summary>
internal sealed class ChatSetup : IAsyncDisposable
{
    public required ProviderRegistry Registry { get; init; }

    /// <summary>The model or route the user asked for.</summary>
    public required ModelRoute Model { get; set; }

    /// <summary>Why this model was chosen (named on the command line, configured default, offline fallback).</summary>
    public required string ModelReason { get; set; }

    /// <summary>Flag overrides applied on top of the file and environment (<c>--base-url</c>).</summary>
    public ProviderSettings? Overrides { get; init; }

    public required ChatOptions Options { get; init; }

    /// <summary>Known models and prices (shipped catalog plus the user's entries).</summary>
    public required ModelCatalog Catalog { get; init; }

    /// <summary>Where every call is recorded; null only when the ledger could not be opened (the user was warned).</summary>
    public IUsageLedger? Ledger { get; init; }

    /// <summary>The wire protocols that take images (local models and custom factories do not).</summary>
    private static readonly HashSet<string> ImageProtocols = new(["openai", "anthropic", "gemini", "ollama"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Per-provider request and token queues, shared by every client of this process.</summary>
    private static readonly ProviderRateLimiterRegistry RateLimiters = new();

    /// <summary>Spending limits in force, if any are configured.</summary>
    public BudgetTracker? Budget { get; init; }

    /// <summary>The cheaper model a budget switches to, if configured.</summary>
    public ModelRoute? BudgetFallback { get; init; }

    /// <summary>The response cache, when enabled.</summary>
    public HybridCache? Cache { get; init; }

    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Tools that run (built-in workspace tools, MCP tools), with their approval rules; null without <c>--tools</c>.</summary>
    public ToolSession? ToolSession { get; init; }

    /// <summary>Tools declared with <c>--tool-schema</c>: offered to the model, returned to the caller, never run.</summary>
    public IReadOnlyList<AITool>? DeclaredTools { get; init; }

    /// <summary>The per-request options, with the session's tools.</summary>
    public ChatOptions CreateOptions()
    {
        var options = Options.Clone();
        if (ToolSession is not null)
        {
            options.Tools = [.. ToolSession.Tools];
        }
        else if (DeclaredTools is not null)
        {
            options.Tools = [.. DeclaredTools];
        }

        return options;
    }

    /// <summary>
    /// Creates the client for the current <see cref="Model"/>, outermost first: the tool loop (when tools run),
    /// response cache, budget guard (every model call of a tool loop is checked; cache hits are free), then the
    /// router over the model's targets, each target's calls recorded in the usage ledger (every retry and fallback
    /// its own row).
    /// </summary>
    public IChatClient CreateClient()
    {
        var builder = new ChatClientBuilder(CreateRouter(Model));
        if (ToolSession is { } tools)
        {
            builder.UseFunctionInvocation(configure: invoker =>
            {
                invoker.AllowConcurrentInvocation = true;
                // The model reads why a tool failed (file not found, path outside the workspace) and can react.
                invoker.IncludeDetailedErrors = true;
                invoker.MaximumIterationsPerRequest = tools.MaxSteps;
            });
        }

        if (Cache is not null)
        {
            // Keys hash the conversation, which may hold attached images (ImageJson knows how to write them).
            builder.Use(inner => new HybridCachingChatClient(inner, Cache, Model.Name, CacheTtl, ImageJson.Options));
        }

        // Inside the cache: a cached answer costs nothing and must not count against the budget.
        if (Budget is not null)
        {
            (ModelId, IChatClient)? fallback = BudgetFallback is { } cheap ? (cheap.Primary, CreateRouter(cheap)) : null;
            builder.UseBudget(Budget, Catalog, Model.Primary, fallback);
        }

        return builder.Build();
    }

    private ModelRouterChatClient CreateRouter(ModelRoute route)
    {
        var targets = route.Targets.Select(model =>
        {
            var provider = Registry.CreateClient(model, Overrides);
            var protocol = ProtocolOf(model);
            if (ImageProtocols.Contains(protocol))
            {
                // Images are read, resized and re-encoded for this target's limits only when a request is sent.
                provider = new ChatClientBuilder(provider).UseImagePreparation(protocol, Catalog.Find(model),
                    configure: images => images.AllowInsecureLoopbackDownloads = AllowLoopbackImageDownloads).Build();
            }

            if (RateLimiters.Get(model.Provider, Registry.Settings.GetProvider(model.Provider)) is { } limiter)
            {
                provider = new RateLimitingChatClient(provider, limiter);
            }

            var tracked = Ledger is null ? provider : new ChatClientBuilder(provider).UseCostTracking(Ledger, Catalog, model).Build();
            return new RouteTarget(model, tracked);
        }).ToList();
        return new ModelRouterChatClient(route.Name, targets);
    }

    /// <summary>The wire protocol of a model's provider (a custom provider may speak <c>openai</c>).</summary>
    public string ProtocolOf(ModelId model) => Registry.Settings.GetProvider(model.Provider).Protocol ?? model.Provider;

    /// <summary>
    /// Whether image links on plain http to this machine (a local image server) may be downloaded for providers that
    /// cannot fetch links; otherwise only https links are. Set by <c>SWITCHBOARD_ALLOW_LOOPBACK_IMAGE_URLS=1</c>.
    /// </summary>
    public bool AllowLoopbackImageDownloads { get; init; }

    /// <summary>Images given with <c>--image</c>, attached to the first message.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>The cost of a call, priced with the model that served it.</summary>
    public decimal? CostOf(UsageDetails? usage, string? servedBy) =>
        CostCalculator.Calculate(Catalog.Find(servedBy is null ? Model.Primary : ModelId.Parse(servedBy)), usage).TotalUsd;

    /// <summary>The cost for display: "$0.0012", or "unpriced".</summary>
    public string DescribeCost(UsageDetails? usage, string? servedBy) =>
        CostOf(usage, servedBy) is { } usd ? FormatUsd(usd) : "unpriced";

    /// <summary>Stops MCP servers and drains the usage ledger, so no call goes unrecorded.</summary>
    public async ValueTask DisposeAsync()
    {
        if (ToolSession is not null)
        {
            await ToolSession.DisposeAsync();
        }

        if (Ledger is not null)
        {
            await Ledger.DisposeAsync();
        }
    }

    public static string FormatUsd(decimal usd) => usd switch
    {
        0m => "$0",
        < 0.01m => "$" + usd.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0'),
        _ => "$" + usd.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture),
    };
}
