namespace Switchboard.Tools;

/// <summary>
/// The glob of approval rules: <c>*</c> is any run of characters (slashes and spaces included), <c>?</c> is one
/// character, everything else is literal. Matched without regex or backtracking blow-up.
/// </summary>
internal static class WildcardPattern
{
    public static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>How many characters must match literally: the measure of how specific a pattern is.</summary>
    public static int LiteralLength(string pattern) => pattern.Count(c => c is not '*' and not '?');

    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;
}
