using Switchboard.Tokens;

namespace Switchboard.Context.Tokens;

/// <summary>
/// An estimate for a model family whose tokenizer is not available here: a close tokenizer's count times a factor
/// (Claude's tokenizer splits text into more pieces than <c>cl100k_base</c>, for example).
/// </summary>
public sealed class ScaledTokenCounter : ITokenCounter
{
    /// <param name="inner">The tokenizer that is close to the family's own.</param>
    /// <param name="factor">Tokens of the family per token of <paramref name="inner"/>; positive.</param>
    public ScaledTokenCounter(ITokenCounter inner, double factor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The scale factor must be a positive, finite number.");
        }

        Inner = inner;
        Factor = factor;
    }

    /// <summary>The tokenizer whose counts are scaled.</summary>
    public ITokenCounter Inner { get; }

    /// <summary>Tokens of the family per token of <see cref="Inner"/>.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public bool IsExact => false;

    /// <inheritdoc />
    public int CountTokens(string text) => Scale(Inner.CountTokens(text), Factor);

    /// <summary>Rounds up, so an estimate errs toward a fuller window rather than a rejected request.</summary>
    internal static int Scale(long tokens, double factor) =>
        tokens == 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(tokens * factor));
}
