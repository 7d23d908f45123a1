using Microsoft.Extensions.Logging;

namespace Switchboard.Core.Usage;

/// <summary>The ledger's log messages.</summary>
internal static partial class UsageLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Could not write {Count} usage record(s) to {Path}; the calls they describe are not recorded.")]
    public static partial void WriteFailed(ILogger logger, int count, string path, Exception exception);
}
