namespace Switchboard.Tokens;

/// <summary>
/// The estimate of last resort: a fixed number of characters per token. Used where no tokenizer is known for a
/// model; a calibrated or exact counter replaces it wherever one exists.
/// </summary>
public sealed class CharacterTokenCounter : ITokenCounter
{
    /// <param name="charactersPerToken">Average characters in one token; positive.</param>
    public CharacterTokenCounter(double charactersPerToken)
    {
        if (!double.IsFinite(charactersPerToken) || charactersPerToken <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(charactersPerToken), charactersPerToken,
                "Characters per token must be a positive, finite number.");
        }

        CharactersPerToken = charactersPerToken;
    }

    /// <summary>Four characters per token, the usual rule of thumb for English text.</summary>
    public static CharacterTokenCounter Default { get; } = new(4.0);

    /// <summary>Average characters in one token.</summary>
    public double CharactersPerToken { get; }

    /// <inheritdoc />
    public bool IsExact => false;

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : (int)Math.Ceiling(text.Length / CharactersPerToken);
    }
}
