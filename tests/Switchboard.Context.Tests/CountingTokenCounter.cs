using Switchboard.Tokens;

namespace Switchboard.Context.Tests;

/// <summary>Wraps a counter and counts how often text is tokenized.</summary>
internal sealed class CountingTokenCounter(ITokenCounter inner) : ITokenCounter
{
    public int Calls { get; private set; }

    public bool IsExact => inner.IsExact;

    public int CountTokens(string text)
    {
        Calls++;
        return inner.CountTokens(text);
    }
}
