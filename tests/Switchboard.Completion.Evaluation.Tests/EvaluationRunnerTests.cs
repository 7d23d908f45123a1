using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Completion.Engine;
using Switchboard.Errors;
using Xunit;

namespace Switchboard.Completion.Evaluation.Tests;

public sealed class EvaluationRunnerTests
{
    private const string Origin = """{"package":"demo","version":"1.0","registry":"npm","path":"a.py","license":"MIT"}""";

    private sealed class AnsweringModel(Func<string, string> answer) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(messages.Last().Text)))
            {
                Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 5 },
            });

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_model_that_restores_the_masked_text_scores_full_marks_and_failures_are_recorded()
    {
        using var data = new TempDataset()
            .WithFile("sources/a.py", "def area(r):\n    return 3.14 * r * r\n\nprint(area(2))\n")
            .WithCases(
                $$"""{"id":"good","language":"python","kind":"line-end","file":"sources/a.py","line":1,"column":11,"expected":"3.14 * r * r","origin":{{Origin}}}""",
                $$"""{"id":"bad","language":"python","kind":"line-end","file":"sources/a.py","line":3,"column":6,"expected":"area(2))","origin":{{Origin}}}""");
        var model = new AnsweringModel(prompt => prompt.EndsWith("print(", StringComparison.Ordinal) ? throw new ProviderException(ProviderErrorKind.Overloaded, "demo", "busy") : "3.14 * r * r");
        var runner = new EvaluationRunner(new CompletionEngine(), model, CompletionModelProfile.NativeFillInTheMiddle,
            new EvaluationOptions { ModelName = "demo/model", Price = usage => usage.InputTokenCount * 0.000001m });

        var report = await runner.RunAsync(CompletionDataset.Load(data.Root), cancellationToken: TestContext.Current.CancellationToken);

        var good = report.Results.Single(r => r.Id == "good");
        Assert.True(good.ExactMatch);
        Assert.Equal(1.0, good.EditSimilarity);
        Assert.True(good.SyntaxValid);
        Assert.Equal(0.0001m, good.CostUsd);
        var bad = report.Results.Single(r => r.Id == "bad");
        Assert.Contains("busy", bad.Error);
        Assert.Equal(0.5, report.Overall.ExactMatch);
        Assert.Equal(1, report.Overall.Errors);
        Assert.Equal("demo/model", report.Model);
    }

    [Fact]
    public void Options_out_of_range_are_refused_when_the_runner_is_built() =>
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new EvaluationRunner(new CompletionEngine(), new AnsweringModel(_ => ""), CompletionModelProfile.Chat, new EvaluationOptions { CandidateCount = 0 }));
}
