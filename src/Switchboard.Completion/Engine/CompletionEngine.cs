using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Switchboard.Completion.Candidates;
using Switchboard.Completion.Context;
using Switchboard.Completion.Prompting;

namespace Switchboard.Completion.Engine;

/// <summary>
/// Code completion over any <see cref="IChatClient"/>: assembles the context at a cursor, prompts the model in the
/// way its profile says (native FIM, templated FIM, or a hole-filling chat prompt), samples several candidates,
/// post-processes and ranks them. Every model call is an ordinary <see cref="IChatClient"/> call following the
/// <see cref="FillInTheMiddle"/> convention, so the caller's chain (ledger, routes, cache, budgets) sees each one.
/// Thread-safe; one engine serves every document of an editor session.
/// </summary>
public sealed class CompletionEngine
{
    private readonly CompletionEngineOptions _options;
    private readonly TypeAheadCache _typeAhead;

    /// <summary>Models found to return one candidate per call although asked for several: later calls ask in parallel.</summary>
    private readonly ConcurrentDictionary<string, bool> _samplesOnePerCall = new(StringComparer.Ordinal);

    /// <param name="options">Settings; the defaults when null.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">A setting is out of range.</exception>
    public CompletionEngine(CompletionEngineOptions? options = null)
    {
        _options = options ?? new CompletionEngineOptions();
        _options.Validate();
        _typeAhead = new TypeAheadCache(_options.TypeAheadEntries);
    }

    /// <summary>Completes at the request's cursor with <paramref name="model"/>.</summary>
    /// <param name="request">The document, cursor and workspace.</param>
    /// <param name="model">The model, usually the host's composed chain for a completion model.</param>
    /// <param name="profile">How to prompt it.</param>
    /// <param name="cancellationToken">Cancels the model calls (a newer keystroke).</param>
    /// <exception cref="ArgumentException">The request has no path, or its cursor is outside the document.</exception>
    public async Task<CompletionResult> CompleteAsync(
        CompletionRequest request,
        IChatClient model,
        CompletionModelProfile profile,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(profile);
        var offset = Offset(request);
        var textBefore = request.Text[..offset];
        var textAfter = request.Text[offset..];
        if (_typeAhead.TryGet(request.FilePath, textBefore, textAfter) is { } cached)
        {
            return cached;
        }

        var context = BuildContext(request, offset);
        var calls = profile.Protocol == CompletionProtocol.Chat
            ? await SampleChatAsync(model, context, request.CandidateCount, cancellationToken).ConfigureAwait(false)
            : await SampleFillInTheMiddleAsync(model, profile, context, request.CandidateCount, cancellationToken).ConfigureAwait(false);

        var stops = profile.Template?.StopSequences ?? [];
        var processed = new List<ProcessedCandidate>();
        UsageDetails? usage = null;
        string? modelId = null;
        foreach (var response in calls)
        {
            modelId ??= response.ModelId;
            if (response.Usage is { } callUsage)
            {
                usage ??= new UsageDetails();
                usage.Add(callUsage);
            }

            foreach (var message in response.Messages)
            {
                var raw = profile.Protocol == CompletionProtocol.Chat ? ChatHoleFilling.Extract(message.Text, context) : message.Text;
                if (raw is not null && CandidatePostProcessor.Process(raw, FillInTheMiddle.GetMeanLogProbability(message), context, stops) is { } candidate)
                {
                    processed.Add(candidate);
                }
            }
        }

        var ranked = CandidateRanker.Rank(processed, context, request.CandidateCount);
        _typeAhead.Remember(request.FilePath, textBefore, textAfter, ranked, modelId);
        return new CompletionResult(ranked, usage, modelId) { ModelCalls = calls.Count };
    }

    /// <summary>The context the engine would prompt with, for tools, benchmarks and debugging.</summary>
    /// <exception cref="ArgumentException">The request has no path, or its cursor is outside the document.</exception>
    public CodeContext BuildContext(CompletionRequest request) => BuildContext(request, Offset(request));

    private CodeContext BuildContext(CompletionRequest request, int offset) =>
        ContextBuilder.Build(request.FilePath, request.Text, offset, request.Workspace, _options.Budget, _options.Snippets, _options.MaxSignatures);

    private static int Offset(CompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.FilePath, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Text, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.CandidateCount, 1, nameof(request));
        return TextLines.ToOffset(request.Text, request.Line, request.Column);
    }

    private async Task<List<ChatResponse>> SampleFillInTheMiddleAsync(
        IChatClient model,
        CompletionModelProfile profile,
        CodeContext context,
        int count,
        CancellationToken cancellationToken)
    {
        var header = PromptHeader.Render(context);
        var templated = profile.Protocol == CompletionProtocol.TemplatedFillInTheMiddle && profile.Template is not null;
        var prompt = templated ? profile.Template!.Render(header + context.Prefix, context.Suffix) : header + context.Prefix;
        var messages = new List<ChatMessage> { new(ChatRole.User, prompt) };
        var key = ModelKey(model);

        ChatOptions Options(int candidates, int sample)
        {
            var options = new ChatOptions
            {
                MaxOutputTokens = context.AllowsMultiLine ? _options.MaxMultiLineTokens : _options.MaxSingleLineTokens,
                Temperature = _options.Temperature + (sample * _options.TemperatureStep),
                AdditionalProperties = new()
                {
                    [FillInTheMiddle.CandidateCount] = candidates,
                    [FillInTheMiddle.LogProbabilities] = true,
                },
            };
            if (templated)
            {
                options.AdditionalProperties[FillInTheMiddle.Raw] = true;
            }
            else if (context.Suffix.Length > 0)
            {
                options.AdditionalProperties[FillInTheMiddle.Suffix] = context.Suffix;
            }

            var stops = new List<string>(profile.Template?.StopSequences ?? []);
            if (!context.AllowsMultiLine)
            {
                stops.Insert(0, "\n");
            }

            options.StopSequences = stops.Count > 0 ? stops : null;
            return options;
        }

        if (count > 1 && _samplesOnePerCall.ContainsKey(key))
        {
            return [.. await Task.WhenAll(Enumerable.Range(0, count).Select(i => model.GetResponseAsync(messages, Options(1, i), cancellationToken))).ConfigureAwait(false)];
        }

        var first = await model.GetResponseAsync(messages, Options(count, 0), cancellationToken).ConfigureAwait(false);
        var responses = new List<ChatResponse> { first };
        var missing = count - first.Messages.Count;
        if (missing > 0)
        {
            // The transport samples one completion per call (Ollama, Mistral): ask again, hotter, in parallel.
            _samplesOnePerCall[key] = true;
            responses.AddRange(await Task.WhenAll(Enumerable.Range(1, missing).Select(i => model.GetResponseAsync(messages, Options(1, i), cancellationToken))).ConfigureAwait(false));
        }

        return responses;
    }

    private async Task<List<ChatResponse>> SampleChatAsync(IChatClient model, CodeContext context, int count, CancellationToken cancellationToken)
    {
        var (messages, instructions) = ChatHoleFilling.Build(context, PromptHeader.Render(context));
        var calls = Enumerable.Range(0, Math.Min(count, _options.MaxChatCalls)).Select(i => model.GetResponseAsync(messages, new ChatOptions
        {
            Instructions = instructions,
            Temperature = _options.Temperature + (i * _options.TemperatureStep),

            // The tags and a little slack for a chat model's habits come on top of the code.
            MaxOutputTokens = (context.AllowsMultiLine ? _options.MaxMultiLineTokens : _options.MaxSingleLineTokens) + 32,
        }, cancellationToken));
        return [.. await Task.WhenAll(calls).ConfigureAwait(false)];
    }

    private static string ModelKey(IChatClient model) =>
        model.GetService<ChatClientMetadata>() is { } metadata
            ? $"{metadata.ProviderName}/{metadata.DefaultModelId}@{metadata.ProviderUri}"
            : model.GetType().FullName ?? "model";
}
