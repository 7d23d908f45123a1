namespace Switchboard.Completion.Evaluation;

/// <summary>The comparisons code-completion benchmarks report (CodeXGLUE, RepoBench, CrossCodeEval).</summary>
public static class TextMetrics
{
    /// <summary>Exact match after trimming trailing whitespace (a trailing newline is not a different completion).</summary>
    public static bool ExactMatch(string predicted, string expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        return string.Equals(Normalize(predicted), Normalize(expected), StringComparison.Ordinal);
    }

    /// <summary>1 − Levenshtein distance / length of the longer text, on the trimmed texts; 1 for two empty texts.</summary>
    public static double EditSimilarity(string predicted, string expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        var a = Normalize(predicted);
        var b = Normalize(expected);
        var longest = Math.Max(a.Length, b.Length);
        return longest == 0 ? 1.0 : 1.0 - ((double)Levenshtein(a, b) / longest);
    }

    /// <summary>The <paramref name="percentile"/> (0–100) of sorted values by nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
