using System.Text.Json.Serialization;

namespace Switchboard.Configuration;

/// <summary>Spending limits from the user's config (<c>"budget": {...}</c>).</summary>
public sealed class BudgetSettings
{
    /// <summary>Limit per UTC day in USD.</summary>
    [JsonPropertyName("daily_usd")]
    public decimal? DailyUsd { get; set; }

    /// <summary>Limit per UTC calendar month in USD.</summary>
    [JsonPropertyName("monthly_usd")]
    public decimal? MonthlyUsd { get; set; }

    /// <summary>Fraction of a limit at which an alert is raised (once per day or month).</summary>
    [JsonPropertyName("alert_at")]
    public double AlertAt { get; set; } = 0.8;

    /// <summary>
    /// A cheaper model (<c>provider/model</c>) to switch to when a request no longer fits the budget;
    /// without one, such requests are refused.
    /// </summary>
    [JsonPropertyName("fallback_model")]
    public string? FallbackModel { get; set; }

    public bool HasLimit => DailyUsd is not null || MonthlyUsd is not null;
}
