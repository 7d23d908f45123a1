using Microsoft.Extensions.AI;
using Switchboard.Core.Catalog;
using Switchboard.Models;

namespace Switchboard.Core.Budgets;

/// <summary><c>builder.UseBudget(tracker, catalog, model)</c>.</summary>
public static class BudgetGuardChatClientBuilderExtensions
{
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, BudgetTracker tracker, ModelCatalog catalog, ModelId model, (ModelId Model, IChatClient Client)? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new BudgetGuardChatClient(inner, tracker, catalog, model, fallback));
    }
}
