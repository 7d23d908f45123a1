using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Switchboard.Memory.Storage;

namespace Switchboard.Memory.Graph;

/// <summary>
/// Extracts the knowledge graph of stored summaries and notes in the background, one at a time, so a slow
/// extraction model never holds up storing memories. A failed extraction is logged and the memory stays searchable.
/// </summary>
internal sealed class GraphExtractionQueue : IAsyncDisposable
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly IKnowledgeGraphExtractor _extractor;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public GraphExtractionQueue(string connectionString, IKnowledgeGraphExtractor extractor, ILogger logger)
    {
        _connectionString = connectionString;
        _extractor = extractor;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a stored memory for extraction.</summary>
    public void Enqueue(long seq, PendingMemory memory) => _queue.Writer.TryWrite((seq, memory));

    /// <summary>Completes <paramref name="done"/> once everything queued before it is extracted.</summary>
    public void EnqueueFlush(TaskCompletionSource done)
    {
        if (!_queue.Writer.TryWrite(done))
        {
            done.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (item is TaskCompletionSource flush)
            {
                flush.TrySetResult();
                continue;
            }

            var (seq, memory) = ((long, PendingMemory))item;
            try
            {
                var knowledge = await _extractor.ExtractAsync(memory.Text).ConfigureAwait(false);
                await using var connection = await MemoryDatabase.OpenAsync(_connectionString, CancellationToken.None).ConfigureAwait(false);
                await KnowledgeGraphStore.WriteAsync(connection, seq, memory.Workspace, knowledge, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The extractor is a model behind a network (or a plug-in): whatever it throws must not stop the queue.
                MemoryLog.ExtractionFailed(_logger, memory.Id, ex);
            }
        }
    }
}
