namespace Switchboard.Providers.Tests.Routing;

/// <summary>One row of the usage ledger as stored, for what the summary does not show (outcome, estimate, streaming).</summary>
internal sealed record LedgerRow(string Model, string Outcome, bool Streaming, bool UsageEstimated, long? InputTokens, long? OutputTokens, decimal? CostUsd);
