using System.ComponentModel.DataAnnotations;

namespace Switchboard.Completion.Context;

/// <summary>How similar-code snippets are found in other files.</summary>
public sealed class SnippetOptions
{
    /// <summary>Lines per window, and how many lines before the cursor form the query.</summary>
    [Range(1, 500)]
    public int WindowLines { get; set; } = 20;

    /// <summary>Lines between the starts of consecutive windows.</summary>
    [Range(1, 500)]
    public int WindowStep { get; set; } = 10;

    /// <summary>The most snippets put into one prompt (at most one per file).</summary>
    [Range(0, 20)]
    public int MaxSnippets { get; set; } = 3;

    /// <summary>How many of the most recently opened or edited documents are searched.</summary>
    [Range(1, 200)]
    public int MaxDocuments { get; set; } = 20;

    /// <summary>The least similarity a window needs.</summary>
    [Range(0.0, 1.0)]
    public double MinimumSimilarity { get; set; } = 0.05;
}
