namespace Switchboard.Core.Budgets;

/// <summary>
/// Where budget spend and reservations live, so every process that shares the store shares the budget: a check
/// and its reservation are one atomic step, so racing requests cannot each see room that only one of them has.
/// </summary>
public interface IBudgetStore
{
    /// <summary>Holds <see cref="BudgetRequest.AmountUsd"/> if spent + reserved + it fits every limit of the scope.</summary>
    Task<BudgetAdmission> TryReserveAsync(BudgetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Releases a reservation and books what the request really cost, in the period of <paramref name="now"/>.</summary>
    /// <returns>The scope's spend after booking, for alerts.</returns>
    Task<BudgetStatus> SettleAsync(BudgetReservation reservation, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>What the scope has spent and holds in the periods of <paramref name="now"/>.</summary>
    Task<BudgetStatus> GetStatusAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken = default);
}
