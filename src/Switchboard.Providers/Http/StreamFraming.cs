namespace Switchboard.Providers.Http;

/// <summary>How a protocol frames its streamed events.</summary>
internal enum StreamFraming
{
    /// <summary>Server-sent events (<c>text/event-stream</c>): OpenAI, Anthropic, Gemini.</summary>
    ServerSentEvents,

    /// <summary>Newline-delimited JSON: Ollama.</summary>
    NewlineDelimitedJson,
}
