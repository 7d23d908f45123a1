namespace Switchboard.Benchmarks;

/// <summary>
/// The enlarged stream of each provider, about 1 MB each, named by the benchmark category that reads it. The event
/// counts are constants because each benchmark passes its own as <c>OperationsPerInvoke</c>, so that the table's
/// time and allocation are per event.
/// </summary>
public static class StreamFixtures
{
    public const string OpenAICategory = "openai";
    public const string AnthropicCategory = "anthropic";
    public const string GeminiCategory = "gemini";
    public const string OllamaCategory = "ollama";

    public const int OpenAIEvents = 4096;
    public const int AnthropicEvents = 8192;
    public const int GeminiEvents = 4096;
    public const int OllamaEvents = 8192;

    private static readonly Lazy<EnlargedStream> OpenAIStream =
        new(() => EnlargedStream.Load("openai/chat_stream_text.sse", head: 1, tail: 3, OpenAIEvents));

    private static readonly Lazy<EnlargedStream> AnthropicStream =
        new(() => EnlargedStream.Load("anthropic/stream_text.sse", head: 2, tail: 3, AnthropicEvents));

    private static readonly Lazy<EnlargedStream> GeminiStream =
        new(() => EnlargedStream.Load("gemini/stream_text.sse", head: 1, tail: 1, GeminiEvents));

    private static readonly Lazy<EnlargedStream> OllamaStream =
        new(() => EnlargedStream.Load("ollama/chat_stream_text.ndjson", head: 1, tail: 1, OllamaEvents));

    /// <summary>Chat Completions text: a role-only chunk, content deltas, the finish chunk, the usage chunk, [DONE].</summary>
    public static EnlargedStream OpenAI => OpenAIStream.Value;

    /// <summary>Messages text: message_start, a text block's deltas and a ping, then block stop, message_delta, message_stop.</summary>
    public static EnlargedStream Anthropic => AnthropicStream.Value;

    /// <summary>streamGenerateContent?alt=sse: text chunks, the last one with finishReason.</summary>
    public static EnlargedStream Gemini => GeminiStream.Value;

    /// <summary>/api/chat NDJSON: content lines, then the done line with the counts.</summary>
    public static EnlargedStream Ollama => OllamaStream.Value;

    /// <summary>The stream a benchmark category reads, or null for a category that names none.</summary>
    public static EnlargedStream? ForCategory(string category) => category switch
    {
        OpenAICategory => OpenAI,
        AnthropicCategory => Anthropic,
        GeminiCategory => Gemini,
        OllamaCategory => Ollama,
        _ => null,
    };
}
