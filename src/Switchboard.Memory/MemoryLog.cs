using Microsoft.Extensions.Logging;

namespace Switchboard.Memory;

/// <summary>Memory's log messages (source-generated).</summary>
internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Could not embed {Count} memories with {Model}; they are stored without vectors and found by keyword search until a reindex.")]
    public static partial void EmbeddingFailed(ILogger logger, int count, string model, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Could not store {Count} memories.")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Could not extract the knowledge graph of memory {MemoryId}.")]
    public static partial void ExtractionFailed(ILogger logger, string memoryId, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "{Count} memories have no vector of {Model}; search finds them by keyword only until a reindex.")]
    public static partial void StaleVectors(ILogger logger, long count, string model);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not embed the query with {Model}; searching by keywords and the graph only.")]
    public static partial void QueryEmbeddingFailed(ILogger logger, string model, Exception exception);
}
