using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Workspace;

namespace Switchboard.Completion.Benchmarks;

/// <summary>
/// What the engine adds on top of the model call, with a model that answers in zero time. Baseline: the bare model
/// call with a prompt of the same size, as a client without the engine would make it. The engine rows assemble the
/// context of a 300-line C# file with a warm index, prompt, post-process and rank three candidates (one with the
/// type-ahead cache, where typing through a shown suggestion needs no model call at all).
/// </summary>
[MemoryDiagnoser]
public class EngineOverheadBenchmarks
{
    private readonly ZeroLatencyModel _model = new();
    private CompletionEngine _engine = null!;
    private CompletionEngine _engineWithTypeAhead = null!;
    private CompletionRequest _request = null!;
    private CompletionRequest _typedAhead = null!;
    private List<ChatMessage> _bareMessages = null!;
    private ChatOptions _bareOptions = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var text = GeneratedCSharp.ServiceFile(300, 20);
        var cursor = text.IndexOf("        item.WithAmount", text.Length / 2, StringComparison.Ordinal) + "        ".Length;
        var (line, column) = TextLines.ToPosition(text, cursor);
        var workspace = new CompletionWorkspace();
        for (var i = 0; i < 20; i++)
        {
            workspace.Open($"/shop/Models/Entity{i}.cs", GeneratedCSharp.ModelFile(i));
        }

        var task = text.Remove(cursor, text.IndexOf('\n', cursor) - cursor);
        workspace.Open("/shop/Services/Services.cs", task);
        _engine = new CompletionEngine(new CompletionEngineOptions { TypeAheadEntries = 0 });
        _engineWithTypeAhead = new CompletionEngine();
        _request = new CompletionRequest("/shop/Services/Services.cs", task, line, column) { Workspace = workspace };
        _typedAhead = _request with { Text = task.Insert(cursor, "item."), Column = column + "item.".Length };
        await _engineWithTypeAhead.CompleteAsync(_request, _model, CompletionModelProfile.NativeFillInTheMiddle);

        var context = _engine.BuildContext(_request);
        _bareMessages = [new ChatMessage(ChatRole.User, context.Prefix)];
        _bareOptions = new ChatOptions { MaxOutputTokens = 48, AdditionalProperties = new() { [FillInTheMiddle.Suffix] = context.Suffix } };

        var check = await _engine.CompleteAsync(_request, _model, CompletionModelProfile.NativeFillInTheMiddle);
        var ahead = await _engineWithTypeAhead.CompleteAsync(_typedAhead, _model, CompletionModelProfile.NativeFillInTheMiddle);
        if (check.Candidates.Count != 2 || !ahead.FromTypeAheadCache)
        {
            throw new InvalidOperationException("The benchmark scenario does not produce the candidates it measures.");
        }
    }

    [Benchmark(Baseline = true, Description = "bare model call (zero latency)")]
    public Task<ChatResponse> BareModelCall() => _model.GetResponseAsync(_bareMessages, _bareOptions);

    [Benchmark(Description = "engine: context, prompt, 3 candidates post-processed and ranked")]
    public Task<CompletionResult> Engine() => _engine.CompleteAsync(_request, _model, CompletionModelProfile.NativeFillInTheMiddle);

    [Benchmark(Description = "engine: typed ahead through a shown suggestion")]
    public Task<CompletionResult> TypeAhead() => _engineWithTypeAhead.CompleteAsync(_typedAhead, _model, CompletionModelProfile.NativeFillInTheMiddle);
}
