using System.Text;
using Microsoft.Extensions.AI;

namespace Switchboard.Cli.Output;

/// <summary>Collects one answer's streamed updates into what print mode reports.</summary>
internal sealed class ChatTurnResult
{
    private readonly List<ChatResponseUpdate> _updates = [];
    private readonly StringBuilder _reasoning = new();

    public ChatTurnResult(string model) => Model = model;

    /// <summary>The model as requested, <c>provider/model</c>.</summary>
    public string Model { get; }

    /// <summary>The model name the provider reported, when it did.</summary>
    public string? ProviderModel { get; private set; }

    /// <summary>The <c>provider/model</c> that answered (a route may fall back).</summary>
    public string? ServedBy { get; private set; }

    /// <summary>The finish reason exactly as the provider sent it.</summary>
    public string? FinishReason { get; private set; }

    public string Reasoning => _reasoning.ToString();

    /// <summary>Time from sending to the first text, for the footer.</summary>
    public TimeSpan? TimeToFirstToken { get; private set; }

    public void Add(ChatResponseUpdate update, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(update);
        _updates.Add(update);
        ProviderModel ??= update.ModelId;
        if (TimeToFirstToken is null && !string.IsNullOrEmpty(update.Text))
        {
            TimeToFirstToken = elapsed;
        }

        foreach (var reasoning in update.Contents.OfType<TextReasoningContent>())
        {
            _reasoning.Append(reasoning.Text);
        }

        if (update.AdditionalProperties?.TryGetValue(SwitchboardProperties.ServedBy, out var served) == true && served is string servedBy)
        {
            ServedBy = servedBy;
        }

        if (update.AdditionalProperties?.TryGetValue(SwitchboardProperties.ProviderFinishReason, out var raw) == true && raw is not null)
        {
            FinishReason = raw.ToString();
        }
        else if (update.FinishReason is { } normalized)
        {
            FinishReason ??= normalized.Value;
        }
    }

    /// <summary>The whole answer, aggregated the standard way (usage summed, text joined, tool calls collected).</summary>
    public ChatResponse ToResponse() => _updates.ToChatResponse();
}
