using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Tools;

/// <summary>
/// One line of a .gitignore file, the common subset of gitignore(5): blank lines and <c>#</c> comments, <c>!</c>
/// negation, a trailing <c>/</c> for directories only, a leading or inner <c>/</c> anchoring the pattern to the
/// .gitignore's folder, <c>*</c>, <c>?</c>, <c>[...]</c>, and <c>**</c> as a whole path segment.
/// </summary>
/// <remarks>
/// Hand-written rather than taken from a package: the only gitignore parser on offer (MAB.DotIgnore) answers
/// "ignored or not" for one file's rules, while nested .gitignore files need "matched, and by which kind of rule"
/// so a deeper file's <c>!pattern</c> can override a shallower match. The matching itself is a regex per line.
/// </remarks>
internal sealed class GitIgnorePattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;
    private readonly bool _matchesName;

    private GitIgnorePattern(Regex regex, bool negated, bool directoryOnly, bool matchesName)
    {
        _regex = regex;
        Negated = negated;
        DirectoryOnly = directoryOnly;
        _matchesName = matchesName;
    }

    /// <summary>A <c>!</c> rule: a match re-includes what an earlier rule excluded.</summary>
    public bool Negated { get; }

    public bool DirectoryOnly { get; }

    /// <summary>Parses one line; null for blank lines and comments.</summary>
    public static GitIgnorePattern? Parse(string line)
    {
        // Trailing spaces are dropped unless escaped with a backslash.
        var text = line.TrimEnd('\r');
        var trimmed = text.TrimEnd(' ');
        if (trimmed.Length < text.Length && trimmed.EndsWith('\\'))
        {
            trimmed += " ";
        }

        text = trimmed;
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var negated = false;
        if (text[0] == '!')
        {
            negated = true;
            text = text[1..];
        }
        else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
        {
            text = text[1..];
        }

        var directoryOnly = false;
        if (text.EndsWith('/'))
        {
            directoryOnly = true;
            text = text.TrimEnd('/');
        }

        if (text.Length == 0)
        {
            return null;
        }

        // A slash at the start or in the middle anchors the pattern to the .gitignore's folder; without one it
        // matches a name at any depth.
        var anchored = text.Contains('/', StringComparison.Ordinal);
        text = text.TrimStart('/');
        var regex = new Regex(
            "^" + Translate(text) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, MatchTimeout);
        return new GitIgnorePattern(regex, negated, directoryOnly, matchesName: !anchored);
    }

    /// <summary>Whether the pattern matches a path relative to the folder of the .gitignore it came from.</summary>
    public bool IsMatch(string relativePath, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory)
        {
            return false;
        }

        var subject = _matchesName ? relativePath[(relativePath.LastIndexOf('/') + 1)..] : relativePath;
        try
        {
            return _regex.IsMatch(subject);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*'
                    && (i == 0 || pattern[i - 1] == '/') && (i + 2 == pattern.Length || pattern[i + 2] == '/'):
                    // "**/" : any number of folders, including none; a final "**": everything below.
                    if (i + 2 == pattern.Length)
                    {
                        regex.Append(".*");
                        i++;
                    }
                    else
                    {
                        regex.Append("(?:.*/)?");
                        i += 2;
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    i = AppendBracket(pattern, i, regex);
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.ToString();
    }

    /// <summary>Copies a bracket expression; an unclosed <c>[</c> is a literal, as in fnmatch.</summary>
    private static int AppendBracket(string pattern, int start, StringBuilder regex)
    {
        var i = start + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate)
        {
            i++;
        }

        var contentStart = i;
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i++;
        }

        if (i >= pattern.Length)
        {
            regex.Append("\\[");
            return start;
        }

        regex.Append('[');
        if (negate)
        {
            regex.Append('^');
        }

        foreach (var c in pattern.AsSpan(contentStart, i - contentStart))
        {
            regex.Append(c is '\\' or ']' or '[' or '^' ? "\\" + c : c.ToString());
        }

        regex.Append(negate ? "/]" : "]");
        return i;
    }
}
