namespace Switchboard.Context.Compaction;

/// <summary>
/// What must be sent verbatim (system prompt, pinned messages, the latest turn) does not fit the context window even
/// after everything else was summarized, dropped or shortened.
/// </summary>
public sealed class ContextWindowExceededException : Exception
{
    public ContextWindowExceededException(long requiredTokens, long budgetTokens, long window, string detail)
        : base($"The request needs {requiredTokens:N0} tokens but the context window allows {budgetTokens:N0} " +
               $"({window:N0} minus the output reserve) after compaction: {detail}")
    {
        RequiredTokens = requiredTokens;
        BudgetTokens = budgetTokens;
        Window = window;
    }

    /// <summary>Tokens of what could not be left out.</summary>
    public long RequiredTokens { get; }

    /// <summary>Tokens the request may use.</summary>
    public long BudgetTokens { get; }

    /// <summary>The model's context window.</summary>
    public long Window { get; }
}
