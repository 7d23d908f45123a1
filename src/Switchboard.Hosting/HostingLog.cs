using Microsoft.Extensions.Logging;

namespace Switchboard.Hosting;

/// <summary>The host's log messages. Keys and prompt text never appear in them.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Composed the client for {Route}: {Targets}.")]
    public static partial void ClientComposed(ILogger logger, string route, string targets);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "No context window is known for {Route} (catalog or a models entry's context_window): requests are not measured or compacted.")]
    public static partial void NoContextWindow(ILogger logger, string route);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Budget: {Alert}")]
    public static partial void BudgetAlert(ILogger logger, string alert);
}
