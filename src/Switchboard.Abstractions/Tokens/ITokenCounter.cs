namespace Switchboard.Tokens;

/// <summary>Counts the tokens of text the way one model family's tokenizer does, exactly or as an estimate.</summary>
public interface ITokenCounter
{
    /// <summary>Whether counts are the tokenizer's own (true) or an estimate (false).</summary>
    bool IsExact { get; }

    /// <summary>The number of tokens <paramref name="text"/> is split into.</summary>
    int CountTokens(string text);
}
