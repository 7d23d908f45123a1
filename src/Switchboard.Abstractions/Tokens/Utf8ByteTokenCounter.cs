using System.Text;

namespace Switchboard.Tokens;

/// <summary>
/// An upper bound, not an estimate: every UTF-8 byte counted as a token. No byte-level BPE tokenizer makes more
/// tokens than bytes, so a budget reservation sized with it cannot be exceeded by the prompt.
/// </summary>
public sealed class Utf8ByteTokenCounter : ITokenCounter
{
    public static Utf8ByteTokenCounter Instance { get; } = new();

    /// <inheritdoc />
    public bool IsExact => false;

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetByteCount(text);
    }
}
