using Switchboard.Providers.Http;

namespace Switchboard.Providers.Ollama;

/// <summary>
/// One parsed line of an <c>/api/chat</c> answer (a stream line or the whole non-streaming body). One instance is
/// reused for every line of a stream, so reading a line allocates only the strings and tool calls it carries.
/// Fields: https://github.com/ollama/ollama/blob/main/docs/openapi.yaml (ChatResponse / ChatStreamEvent).
/// </summary>
internal sealed class OllamaChunk
{
    /// <summary>The model name; kept from line to line so an unchanged name is not allocated again.</summary>
    public string? Model { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary><c>message.content</c>: the text delta (streaming) or the whole text.</summary>
    public string? Content { get; set; }

    /// <summary><c>message.thinking</c>: the reasoning trace when <c>think</c> is on.</summary>
    public string? Thinking { get; set; }

    public List<OllamaToolCall> ToolCalls { get; } = [];

    public bool Done { get; set; }

    public string? DoneReason { get; set; }

    /// <summary>Prompt tokens evaluated; Ollama omits it when zero.</summary>
    public long? PromptEvalCount { get; set; }

    /// <summary>Tokens generated.</summary>
    public long? EvalCount { get; set; }

    /// <summary>The <c>error</c> property: set on a line that reports a failure inside a 200 stream.</summary>
    public ProviderErrorDetails? Error { get; set; }

    /// <summary>Clears everything a line sets, except the cached model name.</summary>
    public void Reset()
    {
        CreatedAt = null;
        Content = null;
        Thinking = null;
        ToolCalls.Clear();
        Done = false;
        DoneReason = null;
        PromptEvalCount = null;
        EvalCount = null;
        Error = null;
    }
}
