namespace Switchboard.Completion.Templates;

/// <summary>
/// A model family's fill-in-the-middle prompt: three markers around prefix and suffix, in prefix-suffix-middle (PSM)
/// or suffix-prefix-middle (SPM) order, and the stop sequences that end its middle.
/// </summary>
/// <param name="Family">The family name (<c>qwen2.5-coder</c>).</param>
/// <param name="SuffixFirst">SPM order (Codestral): the suffix comes before the prefix.</param>
/// <param name="First">The marker before the first part.</param>
/// <param name="Second">The marker between the parts.</param>
/// <param name="Third">The marker after the second part, where the model writes the middle.</param>
/// <param name="StopSequences">Texts that end the middle: end-of-middle, end-of-text and the markers themselves.</param>
/// <param name="Source">Where the format is documented.</param>
public sealed record FimTemplate(
    string Family,
    bool SuffixFirst,
    string First,
    string Second,
    string Third,
    IReadOnlyList<string> StopSequences,
    string Source)
{
    /// <summary>The raw prompt for <paramref name="prefix"/> and <paramref name="suffix"/>.</summary>
    public string Render(string prefix, string suffix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(suffix);
        return SuffixFirst
            ? string.Concat(First, suffix, Second, prefix, Third)
            : string.Concat(First, prefix, Second, suffix, Third);
    }
}
