using BenchmarkDotNet.Attributes;
using Switchboard.Completion.Context;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Workspace;

namespace Switchboard.Completion.Benchmarks;

/// <summary>
/// Time to assemble the completion context at a cursor in the middle of a 5,000-line C# file (parse, enclosing
/// scopes, usings, signatures of types used near the cursor from 60 other files, snippets, budget cuts).
/// Baseline: the same request without a workspace, so the file is parsed from scratch on every keystroke and no
/// index is consulted. "Typing" alternates two texts that differ by one character at the cursor, so every call
/// pays the incremental reparse a keystroke costs with the warm index.
/// </summary>
[MemoryDiagnoser]
public class ContextAssemblyBenchmarks
{
    private const int FileLines = 5000;
    private const int ModelFiles = 60;

    private readonly CompletionEngine _engine = new();
    private CompletionWorkspace _workspace = null!;
    private CompletionRequest _first = null!;
    private CompletionRequest _second = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        var text = GeneratedCSharp.ServiceFile(FileLines, ModelFiles);
        var cursor = text.IndexOf("item.WithAmount", text.Length / 2, StringComparison.Ordinal) + "item.".Length;
        var (line, column) = TextLines.ToPosition(text, cursor);
        var typed = text.Insert(cursor, "W");

        _workspace = new CompletionWorkspace();
        for (var i = 0; i < ModelFiles; i++)
        {
            _workspace.Open($"/shop/Models/Entity{i}.cs", GeneratedCSharp.ModelFile(i));
        }

        _workspace.Open("/shop/Services/Services.cs", text);
        _first = new CompletionRequest("/shop/Services/Services.cs", text, line, column) { Workspace = _workspace };
        _second = _first with { Text = typed, Column = column + 1 };

        // Fail loudly if the scenario is not what it claims: signatures must come from the other files.
        var context = _engine.BuildContext(_first);
        if (context.Signatures.Count == 0 || context.Scopes.Count == 0 || TextLines.ToPosition(text, text.Length).Line < FileLines - 10)
        {
            throw new InvalidOperationException("The benchmark scenario has no signatures or scopes, or the file is too short.");
        }
    }

    [Benchmark(Baseline = true, Description = "cold: no workspace, full parse")]
    public CodeContext Cold() => _engine.BuildContext(_first with { Workspace = null });

    [Benchmark(Description = "warm index, unchanged text")]
    public CodeContext WarmUnchanged() => _engine.BuildContext(_first);

    [Benchmark(Description = "warm index, one keystroke (incremental reparse)")]
    public CodeContext WarmTyping()
    {
        _flip = !_flip;
        return _engine.BuildContext(_flip ? _second : _first);
    }
}
