using System.Text;
using Switchboard.Completion.Context;

namespace Switchboard.Completion.Prompting;

/// <summary>
/// Puts context from outside the prefix into the prompt as comments above it, the way Copilot does ("// Path: …",
/// "// Compare this snippet from …"): a base model reads comments as code, so no template support is needed. The
/// nearest context comes last, next to the code.
/// </summary>
internal static class PromptHeader
{
    public static string Render(CodeContext context)
    {
        var comment = context.Language.LineComment;
        if (comment is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        builder.Append(comment).Append(" Path: ").Append(Path.GetFileName(context.FilePath)).Append('\n');
        foreach (var snippet in context.Snippets)
        {
            builder.Append(comment).Append(" Compare this snippet from ").Append(Path.GetFileName(snippet.FilePath)).Append(":\n");
            AppendCommented(builder, comment, snippet.Text);
        }

        if (context.Signatures.Count > 0)
        {
            builder.Append(comment).Append(" Declared in other files:\n");
            foreach (var signature in context.Signatures)
            {
                AppendCommented(builder, comment, signature);
            }
        }

        if (context.Imports.Count > 0)
        {
            builder.Append(comment).Append(" Imports of this file:\n");
            foreach (var import in context.Imports)
            {
                AppendCommented(builder, comment, import);
            }
        }

        if (context.Scopes.Count > 0)
        {
            builder.Append(comment).Append(" Inside: ").Append(string.Join(" > ", context.Scopes.Select(s => s.Text))).Append('\n');
        }

        return builder.ToString();
    }

    private static void AppendCommented(StringBuilder builder, string comment, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            builder.Append(comment).Append(' ').Append(line.TrimEnd('\r')).Append('\n');
        }
    }
}
