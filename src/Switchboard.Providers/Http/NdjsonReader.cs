using System.Buffers;
using System.Runtime.CompilerServices;

namespace Switchboard.Providers.Http;

/// <summary>
/// Splits a byte stream into lines and hands each non-empty one to a parser as soon as its newline arrives.
/// Hand-written because the BCL has no NDJSON reader and StreamReader would decode to strings we then re-encode.
/// </summary>
internal static class NdjsonReader
{
    private const int InitialBufferSize = 4096;

    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        NdjsonLineParser<T> parseLine,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        // Shift the partial line to the front before growing.
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var scanFrom = end;
                end += read;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', scanFrom, end - scanFrom)) >= 0)
                {
                    var line = Trim(buffer.AsSpan(start, newline - start));
                    start = newline + 1;
                    scanFrom = start;
                    if (!line.IsEmpty)
                    {
                        yield return parseLine(line);
                    }
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }

            // A last line without a trailing newline is still a line.
            if (end > start && Trim(buffer.AsSpan(start, end - start)) is { IsEmpty: false })
            {
                yield return ParseLast(buffer, start, end, parseLine);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T ParseLast<T>(byte[] buffer, int start, int end, NdjsonLineParser<T> parseLine) =>
        parseLine(Trim(buffer.AsSpan(start, end - start)));

    private static Span<byte> Trim(Span<byte> line)
    {
        // CRLF framing and stray spaces are tolerated.
        while (!line.IsEmpty && line[^1] is (byte)'\r' or (byte)' ' or (byte)'\t')
        {
            line = line[..^1];
        }

        while (!line.IsEmpty && line[0] is (byte)' ' or (byte)'\t')
        {
            line = line[1..];
        }

        return line;
    }
}
