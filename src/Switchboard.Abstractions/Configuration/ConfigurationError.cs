namespace Switchboard.Configuration;

/// <summary>One bad setting: its path in the config file (<c>providers.openai.timeout_seconds</c>) and what is wrong with it.</summary>
public sealed record ConfigurationError(string Setting, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Setting}: {Problem}";
}
