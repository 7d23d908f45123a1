using System.Text;

namespace Switchboard.Tools;

/// <summary>What the file tools share: telling text from binary, sizes for messages, replacing a file atomically.</summary>
internal static class TextFile
{
    /// <summary>How much of a file is looked at for a NUL byte, the test git and grep use for "binary".</summary>
    public const int SniffBytes = 8 * 1024;

    /// <summary>Decodes leniently: a stray invalid byte shows as U+FFFD instead of failing a read.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Decodes strictly, for edits: rewriting undecodable bytes as U+FFFD would corrupt the file.</summary>
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the start of the stream and looks for a NUL byte; leaves the position where it was.</summary>
    public static bool LooksBinary(Stream stream)
    {
        var position = stream.Position;
        Span<byte> buffer = stackalloc byte[SniffBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0)
        {
            total += read;
        }

        stream.Position = position;
        return buffer[..total].Contains((byte)0);
    }

    public static bool LooksBinary(ReadOnlySpan<byte> content) => content[..Math.Min(content.Length, SniffBytes)].Contains((byte)0);

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024.0):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };

    /// <summary>
    /// Replaces <paramref name="path"/> with new content so a reader sees the old file or the new one, never half:
    /// write a temporary file beside it, flush it to disk, then rename over the target (rename is atomic within
    /// one file system). The old file's permissions are carried over.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> preamble, string content) =>
        WriteAtomically(path, preamble, Utf8.GetBytes(content), mode: null);

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> the same way; the permissions are
    /// <paramref name="mode"/> when given, otherwise those of the file being replaced.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode? mode) =>
        WriteAtomically(path, [], content, mode);

    private static void WriteAtomically(string path, ReadOnlySpan<byte> preamble, ReadOnlySpan<byte> content, UnixFileMode? mode)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        var temp = Path.Join(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(preamble);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                if (mode is { } given)
                {
                    File.SetUnixFileMode(temp, given);
                }
                else if (File.Exists(path))
                {
                    File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
                }
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original error matters more than a leftover temporary file.
        }
    }
}
