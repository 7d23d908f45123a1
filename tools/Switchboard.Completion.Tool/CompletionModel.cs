using Microsoft.Extensions.AI;
using Switchboard.Completion.Engine;

namespace Switchboard.Completion.Tool;

/// <summary>A model client ready for completions, how to prompt it, how to price its usage, and the prompt budget it fits.</summary>
internal sealed record CompletionModel(string Name, IChatClient Client, CompletionModelProfile Profile, Func<UsageDetails, decimal?> Price)
{
    /// <summary>Prompt tokens (as the engine estimates them) that fit the model's context; null for the engine's default.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Engine options for this model, with its prompt budget.</summary>
    public CompletionEngineOptions EngineOptions(int? promptTokens, int typeAheadEntries = 64)
    {
        var options = new CompletionEngineOptions { TypeAheadEntries = typeAheadEntries };
        if ((promptTokens ?? PromptTokens) is { } tokens)
        {
            options.Budget.MaxPromptTokens = tokens;
            options.MaxMultiLineTokens = Math.Min(options.MaxMultiLineTokens, Math.Max(16, tokens / 4));
        }

        return options;
    }
}
