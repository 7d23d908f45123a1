using Switchboard.Completion.Languages;

namespace Switchboard.LanguageServer;

/// <summary>
/// Turns an LSP document URI into the path the completion engine uses. <c>file:</c> URIs become local paths; other
/// schemes (<c>untitled:</c>) keep the URI text, with an extension for the client's language id when the name has
/// none, since the engine recognises a language by extension.
/// </summary>
internal static class DocumentPaths
{
    public static string FromUri(string uri, string? languageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        var path = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
        if (languageId is not null && LanguageCatalog.FromPath(path) == LanguageCatalog.PlainText)
        {
            var language = LanguageCatalog.All.FirstOrDefault(l => string.Equals(l.Id, languageId, StringComparison.OrdinalIgnoreCase));
            if (language is not null)
            {
                path += language.Extensions[0];
            }
        }

        return path;
    }
}
