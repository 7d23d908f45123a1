namespace Switchboard.Context.Compaction;

/// <summary>The default instruction for the summarizer.</summary>
public static class ContextSummaryPrompt
{
    /// <summary>
    /// Asks for a summary that lets the conversation go on as if nothing were left out: the facts a later turn is
    /// likely to need verbatim (paths, identifiers, numbers) are the ones a loose summary loses first.
    /// </summary>
    public const string Default = """
        You maintain the running summary of a long conversation between a user and an AI assistant (with tool calls).
        You are given the previous summary (if any) and the next part of the conversation. Write the updated summary
        that replaces both: it must let the assistant continue the conversation without the original messages.

        Keep, exactly as written:
        - decisions made and their reasons;
        - file paths, URLs, commands, identifiers (names of functions, classes, variables, tickets, branches);
        - numbers, versions, dates, amounts and measurements;
        - the user's stated preferences, constraints and instructions;
        - open tasks, questions and promises not yet fulfilled, and what was being worked on last;
        - results of tool calls that later turns rely on (what was found, changed or failed).
        Keep everything from the previous summary that is still true; drop only what was superseded.
        Be concise: bullet points under short headings, no commentary, no preamble.
        """;
}
