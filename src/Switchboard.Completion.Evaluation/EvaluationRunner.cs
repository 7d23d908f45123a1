using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Switchboard.Completion.Candidates;
using Switchboard.Completion.Engine;

namespace Switchboard.Completion.Evaluation;

/// <summary>
/// Runs every case of a dataset through the completion engine with one model, one case at a time (so latencies are
/// the model's and the engine's, not a queue's), and scores the top candidate. The same run works unchanged with
/// any model: the local GGUF, Ollama, an OpenAI-compatible server or a chat model.
/// </summary>
public sealed class EvaluationRunner
{
    private readonly CompletionEngine _engine;
    private readonly IChatClient _model;
    private readonly CompletionModelProfile _profile;
    private readonly EvaluationOptions _options;

    /// <exception cref="ValidationException">An option is out of range.</exception>
    public EvaluationRunner(CompletionEngine engine, IChatClient model, CompletionModelProfile profile, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _engine = engine;
        _model = model;
        _profile = profile;
        _options = options;
    }

    /// <summary>Evaluates the selected cases of <paramref name="dataset"/>.</summary>
    public async Task<EvaluationReport> RunAsync(CompletionDataset dataset, IProgress<CaseResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var started = DateTimeOffset.UtcNow;
        var results = new List<CaseResult>();
        foreach (var loaded in Select(dataset.Cases))
        {
            var result = await RunCaseAsync(loaded, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            progress?.Report(result);
        }

        return new EvaluationReport
        {
            Model = _options.ModelName,
            Protocol = _profile.Template is { } template ? $"{_profile.Protocol} ({template.Family})" : _profile.Protocol.ToString(),
            Dataset = dataset.Root,
            StartedAt = started,
            CandidateCount = _options.CandidateCount,
            Overall = GroupSummary.Of("all", results),
            ByLanguage = [.. results.GroupBy(r => r.Language).OrderBy(g => g.Key).Select(g => GroupSummary.Of(g.Key, [.. g]))],
            ByKind = [.. results.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g => GroupSummary.Of(g.Key, [.. g]))],
            Results = results,
        };
    }

    private IEnumerable<LoadedCase> Select(IReadOnlyList<LoadedCase> cases)
    {
        var selected = cases
            .Where(c => _options.Languages.Count == 0 || _options.Languages.Contains(c.Case.Language))
            .Where(c => _options.Kinds.Count == 0 || _options.Kinds.Contains(c.Case.Kind))
            .ToList();
        if (_options.MaxCases is not { } max || max >= selected.Count)
        {
            return selected;
        }

        // An even spread keeps every language and kind in a short run.
        var step = (double)selected.Count / max;
        return Enumerable.Range(0, max).Select(i => selected[(int)(i * step)]);
    }

    private async Task<CaseResult> RunCaseAsync(LoadedCase loaded, CancellationToken cancellationToken)
    {
        var @case = loaded.Case;
        var (line, column) = (@case.Line, @case.Column);
        var request = new CompletionRequest(loaded.Path, loaded.Task, line, column) { CandidateCount = _options.CandidateCount };
        var originalValid = SyntaxChecker.IsValidFile(loaded.Path, loaded.Original);
        var watch = Stopwatch.StartNew();
        CompletionResult completion;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CaseTimeout);
            completion = await _engine.CompleteAsync(request, _model, _profile, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(@case, watch, $"timed out after {_options.CaseTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is Errors.ProviderException or InvalidOperationException or ArgumentException)
        {
            return Failed(@case, watch, ex.Message);
        }

        watch.Stop();
        var predicted = completion.Candidates.Count > 0 ? completion.Candidates[0].Text : null;
        var usage = completion.Usage;
        return new CaseResult
        {
            Id = @case.Id,
            Language = @case.Language,
            Kind = @case.Kind,
            Expected = @case.Expected,
            Predicted = predicted,
            ExactMatch = predicted is not null && TextMetrics.ExactMatch(predicted, @case.Expected),
            ExactMatchAny = completion.Candidates.Any(c => TextMetrics.ExactMatch(c.Text, @case.Expected)),
            EditSimilarity = TextMetrics.EditSimilarity(predicted ?? string.Empty, @case.Expected),
            SyntaxValid = originalValid ? SyntaxChecker.IsValidFile(loaded.Path, loaded.Task.Insert(loaded.Offset, predicted ?? string.Empty)) : null,
            LatencyMs = Math.Round(watch.Elapsed.TotalMilliseconds, 2),
            InputTokens = usage?.InputTokenCount,
            OutputTokens = usage?.OutputTokenCount,
            CostUsd = usage is null ? 0 : _options.Price?.Invoke(usage),
        };
    }

    private static CaseResult Failed(CompletionCase @case, Stopwatch watch, string error) => new()
    {
        Id = @case.Id,
        Language = @case.Language,
        Kind = @case.Kind,
        Expected = @case.Expected,
        LatencyMs = Math.Round(watch.Elapsed.TotalMilliseconds, 2),
        Error = error,
    };
}
