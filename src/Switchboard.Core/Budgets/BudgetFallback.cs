using Microsoft.Extensions.AI;
using Switchboard.Models;

namespace Switchboard.Core.Budgets;

/// <summary>The cheaper route a budget switches to when a request no longer fits, and the client that reaches it.</summary>
public sealed record BudgetFallback(IReadOnlyList<ModelId> Targets, IChatClient Client);
