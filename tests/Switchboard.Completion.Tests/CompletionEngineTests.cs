using Microsoft.Extensions.AI;
using Switchboard.Completion.Engine;
using Switchboard.Completion.Templates;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class CompletionEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Python = "def add(a, b):\n    return \n\nprint(add(1, 2))\n";

    // Cursor after "return " on line 1.
    private static CompletionRequest Request(int candidates = 3) => new("calc.py", Python, 1, 11) { CandidateCount = candidates };

    [Fact]
    public async Task Native_fim_sends_the_prefix_as_the_prompt_and_the_suffix_in_options()
    {
        var model = ScriptedModel.Answering("a + b", "b + a", "a + b");

        var result = await new CompletionEngine().CompleteAsync(Request(), model, CompletionModelProfile.NativeFillInTheMiddle, Ct);

        var (messages, options) = Assert.Single(model.Calls);
        var prompt = Assert.Single(messages).Text;
        Assert.EndsWith("def add(a, b):\n    return ", prompt);
        Assert.StartsWith("# Path: calc.py", prompt);
        Assert.Equal("\n\nprint(add(1, 2))\n", FillInTheMiddle.GetSuffix(options));
        Assert.Equal(3, FillInTheMiddle.GetCandidateCount(options));
        Assert.True(FillInTheMiddle.WantsLogProbabilities(options));
        Assert.False(FillInTheMiddle.IsRaw(options));
        Assert.Equal("\n", options!.StopSequences![0]);

        Assert.Equal(["a + b", "b + a"], result.Candidates.Select(c => c.Text));
        Assert.Equal("scripted", result.Model);
        Assert.Equal(12, result.Usage!.TotalTokenCount);
        Assert.Equal(1, result.ModelCalls);
    }

    [Fact]
    public async Task Templated_fim_sends_a_raw_prompt_in_the_family_format()
    {
        var model = ScriptedModel.Answering("a + b<|endoftext|>");

        var result = await new CompletionEngine().CompleteAsync(Request(1), model, CompletionModelProfile.Templated(FimTemplates.QwenCoder), Ct);

        var (messages, options) = Assert.Single(model.Calls);
        var prompt = Assert.Single(messages).Text;
        Assert.StartsWith("<|fim_prefix|># Path: calc.py", prompt);
        Assert.EndsWith("    return <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>", prompt);
        Assert.True(FillInTheMiddle.IsRaw(options));
        Assert.Null(FillInTheMiddle.GetSuffix(options));
        Assert.Contains("<|endoftext|>", options!.StopSequences!);
        Assert.Equal("a + b", Assert.Single(result.Candidates).Text);
    }

    [Fact]
    public async Task A_transport_that_samples_one_per_call_is_asked_again_hotter_and_then_in_parallel_from_the_start()
    {
        var model = ScriptedModel.Answering("a + b");
        var engine = new CompletionEngine();

        await engine.CompleteAsync(Request(3), model, CompletionModelProfile.NativeFillInTheMiddle, Ct);
        var firstRound = model.Calls.Count;
        await engine.CompleteAsync(Request(3) with { Text = Python + "\n" }, model, CompletionModelProfile.NativeFillInTheMiddle, Ct);

        Assert.Equal(3, firstRound);
        Assert.Equal(3, FillInTheMiddle.GetCandidateCount(model.Calls[0].Options));
        Assert.Equal([0.2f, 0.5f, 0.8f], model.Calls.Take(3).Select(c => (float)Math.Round(c.Options!.Temperature!.Value, 2)).Order());
        Assert.Equal(6, model.Calls.Count);
        Assert.All(model.Calls.Skip(3), c => Assert.Equal(1, FillInTheMiddle.GetCandidateCount(c.Options)));
    }

    [Fact]
    public async Task A_chat_model_gets_a_hole_and_only_tagged_code_is_kept()
    {
        var answers = new Queue<string>(["<COMPLETION>a + b</COMPLETION>", "Here you go: a + b"]);
        var model = new ScriptedModel((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, answers.Dequeue())));

        var result = await new CompletionEngine(new CompletionEngineOptions { MaxChatCalls = 2 }).CompleteAsync(Request(2), model, CompletionModelProfile.Chat, Ct);

        Assert.Equal(2, model.Calls.Count);
        Assert.Contains("{{FILL_HERE}}", model.Calls[0].Messages[0].Text);
        Assert.Contains("<COMPLETION>", model.Calls[0].Options!.Instructions);
        Assert.Equal("a + b", Assert.Single(result.Candidates).Text);
    }

    [Fact]
    public async Task A_chat_model_is_called_once_per_request_by_default()
    {
        var model = new ScriptedModel((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "<COMPLETION>a + b</COMPLETION>")));

        await new CompletionEngine().CompleteAsync(Request(3), model, CompletionModelProfile.Chat, Ct);

        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task Typing_ahead_through_a_shown_suggestion_needs_no_new_request()
    {
        var model = ScriptedModel.Answering("a + b");
        var engine = new CompletionEngine();
        await engine.CompleteAsync(Request(1), model, CompletionModelProfile.NativeFillInTheMiddle, Ct);

        var typed = Python.Insert(11 + 15, "a +");
        var ahead = await engine.CompleteAsync(new CompletionRequest("calc.py", typed, 1, 14) { CandidateCount = 1 }, model, CompletionModelProfile.NativeFillInTheMiddle, Ct);
        var diverged = Python.Insert(11 + 15, "x");
        await engine.CompleteAsync(new CompletionRequest("calc.py", diverged, 1, 12) { CandidateCount = 1 }, model, CompletionModelProfile.NativeFillInTheMiddle, Ct);

        Assert.True(ahead.FromTypeAheadCache);
        Assert.Equal(" b", Assert.Single(ahead.Candidates).Text);
        Assert.Equal(0, ahead.ModelCalls);
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task A_cursor_outside_the_document_is_refused_before_any_call()
    {
        var model = ScriptedModel.Answering("x");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            new CompletionEngine().CompleteAsync(new CompletionRequest("a.py", "x = 1", 7, 0), model, CompletionModelProfile.NativeFillInTheMiddle, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            new CompletionEngine().CompleteAsync(new CompletionRequest(" ", "x = 1", 0, 0), model, CompletionModelProfile.NativeFillInTheMiddle, Ct));
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task Profiles_for_transports_pick_a_template_only_when_the_server_does_not()
    {
        Assert.Equal(CompletionProtocol.FillInTheMiddle, CompletionModelProfile.ForTransport("qwen2.5-coder:1.5b", serverAppliesTemplate: true).Protocol);
        Assert.Equal(FimTemplates.StarCoder2, CompletionModelProfile.ForTransport("starcoder2-3b", serverAppliesTemplate: false).Template);
        Assert.Equal(CompletionProtocol.FillInTheMiddle, CompletionModelProfile.ForTransport("stories260K", serverAppliesTemplate: false).Protocol);
        await Task.CompletedTask;
    }
}
