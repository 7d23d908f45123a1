using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Completion.Context;

namespace Switchboard.Completion.Prompting;

/// <summary>
/// Completion with a chat model (GPT, Claude, Gemini), which has no FIM tokens: the file is shown with a marked hole
/// and the model is asked for exactly the code that fills it, between tags. The approach is Continue's "hole filler"
/// for chat models (core/autocomplete/templating, after VictorTaelin/AI-scripts); the extraction is strict, because
/// a chat model's prose, fences or echoed code inserted at the cursor would be worse than no suggestion.
/// </summary>
internal static partial class ChatHoleFilling
{
    public const string Hole = "{{FILL_HERE}}";

    private const string OpenTag = "<COMPLETION>";
    private const string CloseTag = "</COMPLETION>";

    private const string Instructions = $$$"""
        You are a code completion engine. The user shows a source file in <QUERY> with exactly one hole marked {{{Hole}}}, and maybe related code in <CONTEXT>.
        Answer with the code that replaces {{{Hole}}}, between {{{OpenTag}}} and {{{CloseTag}}}, and nothing else: no explanation, no Markdown fence, no code that is already before or after the hole.
        Keep the file's indentation and style. Write what a developer would most likely type next.
        Example: for `total = price {{{Hole}}} quantity` answer {{{OpenTag}}}*{{{CloseTag}}}
        """;

    /// <summary>The messages and options for one candidate.</summary>
    public static (List<ChatMessage> Messages, string Instructions) Build(CodeContext context, string header)
    {
        var rule = context.IsMidLine
            ? "The hole is inside a line: fill at most the rest of that line, with no line break."
            : context.AllowsMultiLine
                ? "The hole starts a block: you may write several lines, and stop where the block's body ends."
                : "Complete only the current line, with no line break.";
        var user = new StringBuilder();
        if (header.Length > 0)
        {
            user.Append("<CONTEXT>\n").Append(header).Append("</CONTEXT>\n");
        }

        user.Append("<QUERY>\n").Append(context.Prefix).Append(Hole).Append(context.Suffix).Append("\n</QUERY>\n").Append(rule);
        return ([new ChatMessage(ChatRole.User, user.ToString())], Instructions);
    }

    /// <summary>The code between the tags, or null when the answer is not in the asked form.</summary>
    public static string? Extract(string answer, CodeContext context)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var open = answer.IndexOf(OpenTag, StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        var start = open + OpenTag.Length;
        var close = answer.IndexOf(CloseTag, start, StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        var code = answer[start..close];
        if (code.Contains(Hole, StringComparison.Ordinal) || code.Contains(OpenTag, StringComparison.Ordinal))
        {
            return null;
        }

        if (Fence().Match(code) is { Success: true } fenced)
        {
            code = fenced.Groups["code"].Value;
        }

        // A chat model often repeats the start of the current line; what the user already typed is not inserted again.
        var typed = context.LinePrefix.TrimStart();
        if (typed.Length > 0 && code.TrimStart().StartsWith(typed, StringComparison.Ordinal))
        {
            code = code.TrimStart()[typed.Length..];
        }

        return code;
    }

    [GeneratedRegex(@"^\s*```[\w+#.-]*\n(?<code>.*?)\n?```\s*$", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
