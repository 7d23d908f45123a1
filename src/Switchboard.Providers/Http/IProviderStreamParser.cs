using Microsoft.Extensions.AI;

namespace Switchboard.Providers.Http;

/// <summary>
/// Turns one protocol's stream, event by event, into updates; one instance per stream. <see cref="HttpChatClient"/>
/// does the reading, the timeouts and the error mapping; the parser knows the protocol's events and its end.
/// </summary>
internal interface IProviderStreamParser
{
    /// <summary>How the stream is framed on the wire.</summary>
    StreamFraming Framing { get; }

    /// <summary>What the protocol sends last (for the error when a stream ends without it).</summary>
    string TerminalEvent { get; }

    /// <summary>Whether the terminal event arrived: nothing after it is read, even if the connection stays open.</summary>
    bool IsComplete { get; }

    /// <summary>Whether a body that ended here ended properly (some protocols have no terminal event but the body's end).</summary>
    bool EndedCleanly { get; }

    /// <summary>Parses one event (SSE: its type and data; NDJSON: an empty type and the line); null when it carries nothing.</summary>
    /// <exception cref="System.Text.Json.JsonException">The data is not the protocol's JSON.</exception>
    /// <exception cref="Errors.ProviderException">The event is an error sent inside a 200 stream.</exception>
    ChatResponseUpdate? Parse(string eventType, ReadOnlySpan<byte> data);
}
