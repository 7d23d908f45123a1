using System.ComponentModel.DataAnnotations;
using Switchboard.Completion.Context;

namespace Switchboard.Completion.Engine;

/// <summary>Settings of a <see cref="CompletionEngine"/>, validated when the engine is built.</summary>
public sealed class CompletionEngineOptions
{
    /// <summary>How the prompt budget is shared.</summary>
    public ContextBudget Budget { get; set; } = new();

    /// <summary>How snippets of similar code are found.</summary>
    public SnippetOptions Snippets { get; set; } = new();

    /// <summary>The most signatures from other C# files in one prompt.</summary>
    [Range(0, 50)]
    public int MaxSignatures { get; set; } = 8;

    /// <summary>Output tokens for a one-line completion.</summary>
    [Range(1, 4096)]
    public int MaxSingleLineTokens { get; set; } = 48;

    /// <summary>Output tokens for a block completion.</summary>
    [Range(1, 8192)]
    public int MaxMultiLineTokens { get; set; } = 192;

    /// <summary>The sampling temperature of the first candidate.</summary>
    [Range(0.0, 2.0)]
    public float Temperature { get; set; } = 0.2f;

    /// <summary>How much hotter each further candidate is sampled when the transport cannot sample several at once.</summary>
    [Range(0.0, 1.0)]
    public float TemperatureStep { get; set; } = 0.3f;

    /// <summary>
    /// The most calls one request makes to a chat model. Chat APIs sample one answer per call at full price, so
    /// by default a chat model is asked once; a request for more candidates then gets what that answer holds.
    /// </summary>
    [Range(1, 10)]
    public int MaxChatCalls { get; set; } = 1;

    /// <summary>How many documents' last suggestions are kept for typing ahead through them.</summary>
    [Range(0, 10000)]
    public int TypeAheadEntries { get; set; } = 64;

    /// <summary>Checks every setting; a bad one is a clear error when the engine is built, not a failure mid-completion.</summary>
    /// <exception cref="ValidationException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Budget);
        ArgumentNullException.ThrowIfNull(Snippets);
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        Validator.ValidateObject(Budget, new ValidationContext(Budget), validateAllProperties: true);
        Validator.ValidateObject(Snippets, new ValidationContext(Snippets), validateAllProperties: true);
        if (Budget.SuffixShare + Budget.ContextShare >= 0.95)
        {
            throw new ValidationException($"SuffixShare ({Budget.SuffixShare}) and ContextShare ({Budget.ContextShare}) leave the prefix almost nothing.");
        }
    }
}
