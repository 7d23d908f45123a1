namespace Switchboard.Providers.OpenAI;

/// <summary>The Responses API stream events <see cref="OpenAIResponsesStreamParser"/> acts on.</summary>
internal enum OpenAIResponsesEventKind
{
    /// <summary>Any event that carries nothing for a caller (created, in_progress, content_part.*, output_text.done, ...).</summary>
    Other,
    Completed,
    Incomplete,
    Failed,
    Error,
    OutputItemAdded,
    OutputItemDone,
    OutputTextDelta,
    RefusalDelta,
    RefusalDone,
    ReasoningDelta,
    FunctionArgumentsDelta,
    FunctionArgumentsDone,
}
