using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Models;
using Switchboard.Tokens;

namespace Switchboard.Core.Usage;

/// <summary>
/// Collects what one call reported as it went (usage parts, the text produced, which model served it) and, for a
/// call that ended before its usage arrived, completes the usage with estimates: input counted over the whole request
/// (instructions, messages, tools, images), output over the text produced. Counts the provider already sent
/// (Anthropic's input tokens at <c>message_start</c>) are kept as they are.
/// </summary>
public sealed class UsageAccumulator(ModelId requested)
{
    private readonly StringBuilder _output = new();
    private UsageDetails? _usage;
    private bool _producedCalls;

    /// <summary>The model that answered (a route's fallback says so in its updates), else the one requested.</summary>
    public ModelId ServedBy { get; private set; } = requested;

    /// <summary>Whether anything reached the caller (text, reasoning or a tool call).</summary>
    public bool ProducedOutput => _output.Length > 0 || _producedCalls;

    /// <summary>Usage as reported so far (parts added up), or null.</summary>
    public UsageDetails? Reported => _usage;

    /// <summary>Takes one streamed update.</summary>
    public void Observe(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        NoteServedBy(update.AdditionalProperties);
        foreach (var content in update.Contents)
        {
            Observe(content);
        }
    }

    /// <summary>Takes a whole response.</summary>
    public void Observe(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        NoteServedBy(response.AdditionalProperties);
        if (response.Usage is { } usage)
        {
            (_usage ??= new UsageDetails()).Add(usage);
        }

        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is not UsageContent)
                {
                    Observe(content);
                }
            }
        }
    }

    /// <summary>
    /// The usage to book: as reported when complete; otherwise completed with estimates when the call produced
    /// something (<paramref name="estimated"/> is then true); null when nothing was reported or produced.
    /// </summary>
    public UsageDetails? Complete(RequestTokenEstimator estimator, IEnumerable<ChatMessage> messages, ChatOptions? options, out bool estimated)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        estimated = false;
        if (_usage is { OutputTokenCount: not null, InputTokenCount: not null } complete)
        {
            return complete;
        }

        if (!ProducedOutput)
        {
            return _usage;
        }

        estimated = true;
        var usage = _usage is null ? new UsageDetails() : Copy(_usage);
        usage.InputTokenCount ??= estimator.EstimateInput(messages, options);
        usage.OutputTokenCount ??= estimator.Counter.CountTokens(_output.ToString());
        usage.TotalTokenCount = usage.InputTokenCount + usage.OutputTokenCount;
        return usage;
    }

    private void Observe(AIContent content)
    {
        switch (content)
        {
            case UsageContent usage:
                // Streamed usage arrives in parts (Anthropic: input at the start, output at the end); parts add up.
                (_usage ??= new UsageDetails()).Add(usage.Details);
                break;
            case TextContent text:
                _output.Append(text.Text);
                break;
            case TextReasoningContent reasoning:
                _output.Append(reasoning.Text);
                break;
            case FunctionCallContent call:
                _producedCalls = true;
                _output.Append(call.Name);
                break;
        }
    }

    private void NoteServedBy(AdditionalPropertiesDictionary? properties)
    {
        if (properties?.TryGetValue(SwitchboardProperties.ServedBy, out var served) == true && served is string name)
        {
            ServedBy = ModelId.Parse(name);
        }
    }

    private static UsageDetails Copy(UsageDetails usage)
    {
        var copy = new UsageDetails();
        copy.Add(usage);
        return copy;
    }
}
