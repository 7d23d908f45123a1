using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Context.Compaction;
using Switchboard.Context.Tokens;

namespace Switchboard.Context.Benchmarks;

/// <summary>
/// The per-turn cost of measuring a conversation of ~150K tokens of real text (~300 messages) again.
/// Baseline: tokenizing the whole history again (a fresh counter, no per-message cache).
/// </summary>
[BenchmarkCategory("150K-token history, per turn")]
public class HistoryRemeasureBenchmarks
{
    private List<ChatMessage> _history = [];
    private ChatTokenCounter _cached = null!;
    private ContextWindowReducer _fits = null!;
    private ContextWindowReducer _compacted = null!;

    [GlobalSetup]
    public void Setup()
    {
        var documents = MachineText.Documents(700_000);
        _history = [new ChatMessage(ChatRole.System, "You are a careful assistant.")];
        long tokens = 0;
        for (var i = 0; tokens < 150_000; i++)
        {
            var text = documents[i % documents.Count];
            var message = new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, text[..Math.Min(text.Length, 2_000)]);
            _history.Add(message);
            tokens += TiktokenTokenCounter.O200kBase.CountTokens(message.Text);
        }

        _cached = NewCounter();
        _cached.CountMessages(_history);
        _fits = new ContextWindowReducer(NewCounter(), new ContextWindowOptions { Window = 1_000_000, ReservedOutputTokens = 32_000 });
        var summarizer = new SummarizerStub();
        _compacted = new ContextWindowReducer(NewCounter(), new ContextWindowOptions { Window = 32_000, ReservedOutputTokens = 4_000 }, summarizer);
        var first = _compacted.ReduceAsync(_history).GetAwaiter().GetResult();
        var calls = summarizer.Calls;
        var second = _compacted.ReduceAsync(_history).GetAwaiter().GetResult();
        if (!first.Usage.SummaryApplied || summarizer.Calls != calls || second.Usage.UsedTokens > 28_000)
        {
            throw new InvalidOperationException("The compacted reducer did not reach its steady state (a stored summary reused, no new calls).");
        }
    }

    [Benchmark(Baseline = true, Description = "Re-tokenize the whole history")]
    public long Retokenize() => NewCounter().CountMessages(_history);

    [Benchmark(Description = "ChatTokenCounter.CountMessages, cached")]
    public long Cached() => _cached.CountMessages(_history);

    [Benchmark(Description = "ContextWindowReducer, fits (1M window)")]
    public long ReducerFits() => _fits.ReduceAsync(_history).GetAwaiter().GetResult().Usage.UsedTokens;

    [Benchmark(Description = "ContextWindowReducer, 32K window, stored summary")]
    public long ReducerCompacted() => _compacted.ReduceAsync(_history).GetAwaiter().GetResult().Usage.UsedTokens;

    private static ChatTokenCounter NewCounter() => new(TiktokenTokenCounter.O200kBase, MessageFraming.OpenAI, ToolTokenRule.OpenAIO200k);

    /// <summary>Answers every fold with a short summary.</summary>
    private sealed class SummarizerStub : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"Summary {Calls}: documents were read and noted.")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
