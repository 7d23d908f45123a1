namespace Switchboard.Tokens;

/// <summary>
/// An estimate from the length of the text: a number of characters per token that is typical for a tokenizer family
/// on English prose and code (BPE tokenizers average 3.5 to 4.2). Used where no exact tokenizer is at hand.
/// </summary>
public sealed class CharacterTokenCounter : ITokenCounter
{
    /// <summary>Four characters per token, OpenAI's own rule of thumb for English text.</summary>
    public static CharacterTokenCounter Default { get; } = new(4.0);

    /// <param name="charactersPerToken">The average characters per token of the family.</param>
    public CharacterTokenCounter(double charactersPerToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(charactersPerToken);
        CharactersPerToken = charactersPerToken;
    }

    /// <summary>The average characters per token.</summary>
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
