namespace Switchboard.Benchmarks;

/// <summary>
/// A recorded stream made long enough to time: its opening and closing events as recorded, and its middle events
/// (the deltas) repeated in order until the stream holds <see cref="EventCount"/> events, so it stays a valid
/// stream that a client reads to its terminal event.
/// </summary>
public sealed class EnlargedStream
{
    private EnlargedStream(string fixture, byte[] bytes, int eventCount)
    {
        Fixture = fixture;
        Bytes = bytes;
        EventCount = eventCount;
    }

    /// <summary>The fixture's path under Fixtures/ (<c>openai/chat_stream_text.sse</c>).</summary>
    public string Fixture { get; }

    /// <summary>The whole response body.</summary>
    public byte[] Bytes { get; }

    /// <summary>SSE events or NDJSON lines in <see cref="Bytes"/>.</summary>
    public int EventCount { get; }

    /// <summary>Loads a fixture copied beside the binary and enlarges it.</summary>
    /// <param name="fixture">The path under Fixtures/.</param>
    /// <param name="head">Opening events kept once (message start, role-only chunk).</param>
    /// <param name="tail">Closing events kept once (finish reason, usage, terminal event).</param>
    /// <param name="eventCount">Events in the enlarged stream.</param>
    public static EnlargedStream Load(string fixture, int head, int tail, int eventCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(fixture);
        ArgumentOutOfRangeException.ThrowIfNegative(head);
        ArgumentOutOfRangeException.ThrowIfNegative(tail);

        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));
        var events = fixture.EndsWith(".ndjson", StringComparison.Ordinal) ? SplitAfter(bytes, "\n"u8) : SplitSse(bytes);
        var middle = events.Count - head - tail;
        ArgumentOutOfRangeException.ThrowIfLessThan(middle, 1, nameof(head));
        ArgumentOutOfRangeException.ThrowIfLessThan(eventCount, head + tail + 1);

        using var body = new MemoryStream();
        for (var i = 0; i < head; i++)
        {
            body.Write(events[i]);
        }

        for (var i = 0; i < eventCount - head - tail; i++)
        {
            body.Write(events[head + (i % middle)]);
        }

        for (var i = events.Count - tail; i < events.Count; i++)
        {
            body.Write(events[i]);
        }

        return new EnlargedStream(fixture, body.ToArray(), eventCount);
    }

    /// <summary>Events end at a blank line; the recorded files use LF or CRLF throughout.</summary>
    private static List<byte[]> SplitSse(byte[] bytes) =>
        SplitAfter(bytes, bytes.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n\r\n"u8 : "\n\n"u8);

    /// <summary>Splits after each <paramref name="separator"/>, which stays with the event it ends.</summary>
    private static List<byte[]> SplitAfter(byte[] bytes, ReadOnlySpan<byte> separator)
    {
        var events = new List<byte[]>();
        var rest = bytes.AsSpan();
        int end;
        while ((end = rest.IndexOf(separator)) >= 0)
        {
            events.Add(rest[..(end + separator.Length)].ToArray());
            rest = rest[(end + separator.Length)..];
        }

        // A last event without its separator gets one, so that repeating it cannot glue two events together.
        if (!rest.Trim(" \t\r\n"u8).IsEmpty)
        {
            events.Add([.. rest, .. separator]);
        }

        return events;
    }
}
