namespace Switchboard.Completion.Context;

/// <summary>
/// A fast estimate of how many tokens a piece of code costs. Budgets only need the order of magnitude, and a real
/// tokenizer differs per model family; code runs at about 3.5 characters per token with the BPE vocabularies of
/// current code models (denser than English prose at about 4).
/// </summary>
public static class TokenEstimator
{
    private const double CharactersPerToken = 3.5;

    /// <summary>The estimated token count of <paramref name="text"/>.</summary>
    public static int Estimate(ReadOnlySpan<char> text) => (int)Math.Ceiling(text.Length / CharactersPerToken);

    /// <summary>How many characters fit in <paramref name="tokens"/> tokens.</summary>
    public static int Characters(int tokens) => tokens <= 0 ? 0 : (int)(tokens * CharactersPerToken);
}
