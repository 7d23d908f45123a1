namespace Switchboard.Cli.Hosting;

/// <summary>Process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The provider call failed (rate limit, auth, network, ...).</summary>
    public const int ProviderError = 1;

    /// <summary>Bad flags, an unknown model or provider, an unreadable config file.</summary>
    public const int UsageError = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, the shell convention).</summary>
    public const int Cancelled = 130;
}
