namespace Switchboard.Providers.Http;

/// <summary>Parses one line of a newline-delimited JSON stream; the span is valid only during the call.</summary>
internal delegate T NdjsonLineParser<out T>(ReadOnlySpan<byte> line);
