using System.Text;

namespace Switchboard.Tools;

/// <summary>
/// Splits a command line at <c>;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>|</c>, <c>&amp;</c> and newlines outside
/// quotes, so a rule like <c>allow:run_command(git status*)</c> cannot approve <c>git status; rm -rf ~</c>.
/// It is not a shell parser: where it is unsure it errs toward more segments and more opaque ones, which only
/// makes the policy ask more.
/// </summary>
internal static class ShellCommandSplitter
{
    public static IReadOnlyList<ShellSegment> Split(string command)
    {
        var segments = new List<ShellSegment>();
        var current = new StringBuilder();
        var opaque = false;
        var inSingle = false;
        var inDouble = false;

        void Flush()
        {
            var text = current.ToString().Trim();
            if (text.Length > 0)
            {
                segments.Add(new ShellSegment(text, opaque));
            }

            current.Clear();
            opaque = false;
        }

        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            var next = i + 1 < command.Length ? command[i + 1] : '\0';
            if (inSingle)
            {
                inSingle = c != '\'';
                current.Append(c);
                continue;
            }

            if (c == '\\' && next != '\0')
            {
                current.Append(c).Append(next);
                i++;
                continue;
            }

            // Substitution runs inside double quotes too.
            if (c == '`' || (c == '$' && next == '('))
            {
                opaque = true;
            }

            if (inDouble)
            {
                inDouble = c != '"';
                current.Append(c);
                continue;
            }

            switch (c)
            {
                case '\'':
                    inSingle = true;
                    current.Append(c);
                    break;
                case '"':
                    inDouble = true;
                    current.Append(c);
                    break;
                case ';' or '\n' or '\r':
                    Flush();
                    break;
                case '&' or '|':
                    if (next == c)
                    {
                        i++;
                    }

                    Flush();
                    break;
                case '<' or '>':
                    opaque = true;
                    current.Append(c);

                    // "2>&1" duplicates a descriptor; its '&' does not end the command.
                    if (next == '&')
                    {
                        current.Append(next);
                        i++;
                    }

                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        Flush();
        return segments;
    }
}
