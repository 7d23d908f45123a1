using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Models;
using Switchboard.Core.Usage;

namespace Switchboard.Core.Middleware;

/// <summary><c>builder.UseCostTracking(ledger, catalog, model)</c>.</summary>
public static class CostTrackingChatClientBuilderExtensions
{
    public static ChatClientBuilder UseCostTracking(this ChatClientBuilder builder, IUsageLedger ledger, ModelCatalog catalog, ModelId model, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CostTrackingChatClient(inner, ledger, catalog, model, timeProvider));
    }
}
