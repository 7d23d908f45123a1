using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Catalog;
using Switchboard.Core.Usage;
using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Core.Middleware;

/// <summary><c>builder.UseCostTracking(model)</c>.</summary>
public static class CostTrackingChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="CostTrackingChatClient"/> for <paramref name="model"/>; dependencies not given come from the builder's services.</summary>
    /// <param name="builder">The pipeline; put this step right above the provider client.</param>
    /// <param name="model">The model the provider client reaches.</param>
    /// <param name="ledger">Where calls are recorded; from the services when null.</param>
    /// <param name="catalog">Prices; from the services when null.</param>
    /// <param name="estimator">Estimates for cut streams; the services' estimator for the model when null.</param>
    public static ChatClientBuilder UseCostTracking(
        this ChatClientBuilder builder, ModelId model, IUsageLedger? ledger = null, ModelCatalog? catalog = null, RequestTokenEstimator? estimator = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new CostTrackingChatClient(
            inner,
            ledger ?? services.GetRequiredService<IUsageLedger>(),
            catalog ?? services.GetRequiredService<ModelCatalog>(),
            model,
            estimator ?? services.GetRequiredService<ITokenEstimatorSource>().GetEstimator(model),
            services.GetService<TimeProvider>()));
    }
}
