using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Configuration;
using Switchboard.Core.Catalog;
using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Core.Budgets;

/// <summary><c>builder.UseBudget(settings, targets)</c>.</summary>
public static class BudgetGuardChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="BudgetGuardChatClient"/>; dependencies not given are resolved from the builder's services.</summary>
    /// <param name="builder">The pipeline; put the guard inside the cache (a cached answer is free) and outside the router.</param>
    /// <param name="settings">The limits.</param>
    /// <param name="targets">Every model the route may send to.</param>
    /// <param name="fallback">The cheaper route for requests that no longer fit, if any.</param>
    /// <param name="scope">Whose budget.</param>
    /// <param name="store">The budget store; from the services when null.</param>
    /// <param name="catalog">Prices; from the services when null.</param>
    /// <param name="estimators">Token estimates; from the services when null.</param>
    /// <param name="configure">Adjusts the guard (subscribe to its alerts).</param>
    public static ChatClientBuilder UseBudget(
        this ChatClientBuilder builder, BudgetSettings settings, IReadOnlyList<ModelId> targets, BudgetFallback? fallback = null,
        string scope = SqliteBudgetStore.GlobalScope, IBudgetStore? store = null, ModelCatalog? catalog = null, ITokenEstimatorSource? estimators = null,
        Action<BudgetGuardChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(targets);
        return builder.Use((inner, services) =>
        {
            var guard = new BudgetGuardChatClient(
                inner,
                store ?? services.GetRequiredService<IBudgetStore>(),
                settings,
                catalog ?? services.GetRequiredService<ModelCatalog>(),
                estimators ?? services.GetRequiredService<ITokenEstimatorSource>(),
                targets,
                fallback,
                scope,
                services.GetService<TimeProvider>());
            configure?.Invoke(guard);
            return guard;
        });
    }
}
