namespace Switchboard.Core.Usage;

/// <summary>How <c>switchboard usage</c> groups the ledger.</summary>
public enum UsageGrouping
{
    Day,
    Model,
    Provider,
}
