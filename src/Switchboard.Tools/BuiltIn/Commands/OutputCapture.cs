using System.Globalization;

namespace Switchboard.Tools;

/// <summary>
/// Keeps the first and the last bytes of a command's output and counts what falls between, so a flood of output
/// costs a fixed amount of memory and the model still sees how the command started and how it ended.
/// Thread-safe: stdout and stderr are appended from two readers.
/// </summary>
internal sealed class OutputCapture(int headBytes, int tailBytes)
{
    private readonly Lock _lock = new();
    private readonly byte[] _head = new byte[headBytes];
    private readonly byte[] _tail = new byte[tailBytes];
    private int _headCount;
    private long _tailWritten;

    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _headCount + _tailWritten;
            }
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            var toHead = Math.Min(data.Length, _head.Length - _headCount);
            data[..toHead].CopyTo(_head.AsSpan(_headCount));
            _headCount += toHead;
            data = data[toHead..];

            // Only the last _tail.Length bytes can survive; skip straight to them.
            if (data.Length > _tail.Length)
            {
                _tailWritten += data.Length - _tail.Length;
                data = data[^_tail.Length..];
            }

            while (!data.IsEmpty)
            {
                var offset = (int)(_tailWritten % _tail.Length);
                var chunk = Math.Min(data.Length, _tail.Length - offset);
                data[..chunk].CopyTo(_tail.AsSpan(offset));
                _tailWritten += chunk;
                data = data[chunk..];
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            var tailKept = (int)Math.Min(_tailWritten, _tail.Length);
            var tail = new byte[tailKept];
            var start = (int)((_tailWritten - tailKept) % _tail.Length);
            var firstPart = Math.Min(tailKept, _tail.Length - start);
            _tail.AsSpan(start, firstPart).CopyTo(tail);
            _tail.AsSpan(0, tailKept - firstPart).CopyTo(tail.AsSpan(firstPart));

            var headText = TextFile.Utf8.GetString(_head, 0, _headCount);
            var tailText = TextFile.Utf8.GetString(tail);
            var omitted = _tailWritten - tailKept;
            return omitted == 0
                ? headText + tailText
                : string.Create(CultureInfo.InvariantCulture, $"{headText}\n[... {omitted} bytes omitted ...]\n{tailText}");
        }
    }
}
