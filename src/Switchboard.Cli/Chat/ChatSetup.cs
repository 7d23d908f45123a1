using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Core.Configuration;
using Switchboard.Core.Middleware;
using Switchboard.Core.Models;
using Switchboard.Core.Providers;
using Switchboard.Core.Usage;

namespace Switchboard.Cli.Chat;

/// <summary>What a chat needs to start: the provider registry, the chosen model and the per-request options.</summary>
internal sealed class ChatSetup
{
    public required ProviderRegistry Registry { get; init; }

    public required ModelId Model { get; set; }

    /// <summary>Why this model was chosen (named on the command line, configured default, offline fallback).</summary>
    public required string ModelReason { get; set; }

    /// <summary>Flag overrides applied on top of the file and environment (<c>--base-url</c>).</summary>
    public ProviderSettings? Overrides { get; init; }

    public required ChatOptions Options { get; init; }

    /// <summary>Known models and prices (shipped catalog plus the user's entries).</summary>
    public required ModelCatalog Catalog { get; init; }

    /// <summary>Where every call is recorded; null only when the ledger could not be opened (the user was warned).</summary>
    public IUsageLedger? Ledger { get; init; }

    /// <summary>Creates the client for the current <see cref="Model"/>, with every call recorded in the usage ledger.</summary>
    public IChatClient CreateClient()
    {
        var provider = Registry.CreateClient(Model, Overrides);
        return Ledger is null ? provider : new ChatClientBuilder(provider).UseCostTracking(Ledger, Catalog, Model).Build();
    }

    /// <summary>The cost of a call's usage with the current model, for display: "$0.0012", or "unpriced".</summary>
    public string DescribeCost(UsageDetails? usage)
    {
        var cost = CostCalculator.Calculate(Catalog.Find(Model), usage);
        return cost.TotalUsd is { } usd ? FormatUsd(usd) : "unpriced";
    }

    public static string FormatUsd(decimal usd) => usd switch
    {
        0m => "$0",
        < 0.01m => "$" + usd.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0'),
        _ => "$" + usd.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture),
    };
}
