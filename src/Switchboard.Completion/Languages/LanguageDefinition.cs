using System.Text.RegularExpressions;

namespace Switchboard.Completion.Languages;

/// <summary>What completion needs to know about a language: how to comment, how scopes open, what an import looks like.</summary>
/// <param name="Id">The LSP language identifier (<c>csharp</c>, <c>typescript</c>, <c>python</c>).</param>
/// <param name="Extensions">File extensions, with the dot, lower case.</param>
/// <param name="LineComment">The line-comment marker used to put context into a prompt; null when the language has none.</param>
/// <param name="IndentationScoped">Whether blocks are made by indentation after a colon (Python) rather than by braces.</param>
/// <param name="ImportLine">Matches a whole line that imports or uses another module.</param>
/// <param name="HashComments">Whether <c>#</c> starts a comment (Python, Ruby, shell), so brackets after it do not count.</param>
public sealed record LanguageDefinition(
    string Id,
    IReadOnlyList<string> Extensions,
    string? LineComment,
    bool IndentationScoped,
    Regex? ImportLine,
    bool HashComments = false)
{
    /// <summary>Whether a line ends by opening a block, after which a multi-line completion is wanted.</summary>
    public bool OpensBlock(string trimmedLine)
    {
        ArgumentNullException.ThrowIfNull(trimmedLine);
        if (trimmedLine.Length == 0)
        {
            return false;
        }

        var last = trimmedLine[^1];
        return IndentationScoped ? last == ':' : last is '{' or '(' or '[' || trimmedLine.EndsWith("=>", StringComparison.Ordinal);
    }
}
