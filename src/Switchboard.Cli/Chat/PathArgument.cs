using System.Text;

namespace Switchboard.Cli.Chat;

/// <summary>
/// A file path as a person types or drops it into a terminal, for <c>--image</c> and <c>/image</c> alike. Drag and
/// drop quotes it (<c>'/path/with space.png'</c>, <c>"..."</c>), escapes its spaces (<c>/path/with\ space.png</c>) or
/// writes it as a <c>file://</c> URL, and <c>~</c> stands for the home folder; in the REPL no shell undoes any of that.
/// </summary>
internal static class PathArgument
{
    /// <summary>
    /// The path <paramref name="text"/> means. A path that exists exactly as written is taken as it is, so a file whose
    /// name really has quotes or backslashes in it is still found; anything else is unquoted, unescaped and expanded.
    /// </summary>
    /// <param name="text">The path as given.</param>
    /// <param name="getEnvironmentVariable">Reads <c>HOME</c> (<c>USERPROFILE</c> on Windows) for <c>~</c>.</param>
    public static string Normalize(string text, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || File.Exists(trimmed) || Directory.Exists(trimmed))
        {
            return trimmed;
        }

        var path = Unquote(trimmed);
        if (path.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(path, UriKind.Absolute, out var fileUri) && fileUri.IsFile)
        {
            return fileUri.LocalPath;
        }

        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && path.StartsWith("~\\", StringComparison.Ordinal)))
        {
            var home = getEnvironmentVariable(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
            if (!string.IsNullOrEmpty(home))
            {
                path = Path.Join(home, path[1..].TrimStart('/', '\\'));
            }
        }

        return path;
    }

    /// <summary>Undoes the quoting a POSIX shell (and drag and drop, which imitates it) would undo.</summary>
    private static string Unquote(string text)
    {
        // On Windows a backslash separates folders; only whole-path double quotes are taken off.
        if (OperatingSystem.IsWindows())
        {
            return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
        }

        var result = new StringBuilder(text.Length);
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\'')
            {
                // Nothing is special inside single quotes; 'it'\''s' is how a single quote gets in.
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    result.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                {
                    result.Append(text[++i]);
                }
                else
                {
                    result.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                result.Append(text[++i]);
            }
            else
            {
                result.Append(c);
            }
        }

        // An unbalanced quote means it was not shell quoting after all.
        return quote == '\0' ? result.ToString() : text;
    }
}
