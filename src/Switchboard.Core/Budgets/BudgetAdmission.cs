namespace Switchboard.Core.Budgets;

/// <summary>The answer to a reservation: the reservation when it fits, else the refusal naming the limit it breaks.</summary>
public sealed record BudgetAdmission(BudgetReservation? Reservation, BudgetExceededException? Refusal)
{
    public bool Admitted => Reservation is not null;
}
