using Switchboard.Completion.Context;

namespace Switchboard.Completion.Candidates;

/// <summary>
/// Turns a model's raw output into text that can be inserted at the cursor as is: cut at stop markers, one line when
/// the cursor is mid-line or not at a block start, no running into the code after the cursor (the most common FIM
/// failure), no degenerate repetition, brackets not closing scopes opened before the cursor, and the brackets a
/// one-line candidate opened closed.
/// </summary>
internal static class CandidatePostProcessor
{
    /// <summary>A line seen this many times in one candidate means the model is looping.</summary>
    private const int LoopRepetitions = 3;

    public static ProcessedCandidate? Process(string raw, double? meanLogProbability, CodeContext context, IReadOnlyList<string> stopSequences)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = CutAtStops(raw, stopSequences);
        if (!context.DocumentText.Contains('\r', StringComparison.Ordinal))
        {
            text = text.Replace("\r", string.Empty, StringComparison.Ordinal);
        }

        var repeatedSuffix = false;
        if (context.IsMidLine || !context.AllowsMultiLine)
        {
            var newline = text.IndexOf('\n');
            if (newline >= 0)
            {
                text = text[..newline];
            }

            (text, repeatedSuffix) = TrimLineSuffixOverlap(text, context.LineSuffix);
        }
        else
        {
            (text, repeatedSuffix) = CutAtSuffixRepetition(text, context);
            text = DropRepeatedLines(text);
            text = CutWhereScopeCloses(text, context);
        }

        text = CloseOneLineBrackets(text, context);
        text = text.TrimEnd();
        return text.Trim().Length == 0 ? null : new ProcessedCandidate(text, meanLogProbability, repeatedSuffix);
    }

    private static string CutAtStops(string text, IReadOnlyList<string> stops)
    {
        var end = text.Length;
        foreach (var stop in stops)
        {
            var at = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < end)
            {
                end = at;
            }
        }

        return text[..end];
    }

    /// <summary>A one-line candidate ending with what already follows the cursor (<c>x, y);</c> before <c>);</c>) loses that tail.</summary>
    private static (string Text, bool Repeated) TrimLineSuffixOverlap(string text, string lineSuffix)
    {
        var after = lineSuffix.Trim();
        if (after.Length == 0)
        {
            return (text, false);
        }

        var trimmed = text.TrimEnd();
        for (var length = Math.Min(after.Length, trimmed.Length); length > 0; length--)
        {
            if (trimmed.AsSpan(trimmed.Length - length).SequenceEqual(after.AsSpan(0, length)))
            {
                return (trimmed[..^length], true);
            }
        }

        return (text, false);
    }

    /// <summary>A block candidate stops at the first line that the suffix already starts with.</summary>
    private static (string Text, bool Repeated) CutAtSuffixRepetition(string text, CodeContext context)
    {
        var suffixLines = context.Suffix.Split('\n');
        var firstSuffixLine = suffixLines.Skip(1).Prepend(context.LineSuffix).FirstOrDefault(l => l.Trim().Length > 0)?.TrimEnd('\r');
        if (firstSuffixLine is null)
        {
            return (text, false);
        }

        var lines = text.Split('\n');
        var offset = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');

            // A lone closer only matches at the same indentation: an inner block's "}" is not the suffix's "}".
            var matches = firstSuffixLine.Trim().All(c => c is '}' or ')' or ']' or ';')
                ? line == firstSuffixLine
                : line.Trim().Length > 0 && line.Trim() == firstSuffixLine.Trim();
            if (matches && (i > 0 || context.LinePrefix.Trim().Length == 0))
            {
                return (text[..offset].TrimEnd('\n'), true);
            }

            offset += lines[i].Length + 1;
        }

        return (text, false);
    }

    private static string DropRepeatedLines(string text)
    {
        var lines = text.Split('\n');
        var kept = new List<string>(lines.Length);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var key = line.Trim();
            // Closing lines ("}", "});") legitimately follow each other; only lines with words count as repeats.
            if (key.Any(char.IsLetterOrDigit) && kept.Count > 0 && kept[^1].Trim() == key)
            {
                continue;
            }

            if (key.Length > 3 && (counts[key] = counts.GetValueOrDefault(key) + 1) >= LoopRepetitions)
            {
                break;
            }

            kept.Add(line);
        }

        return string.Join('\n', kept);
    }

    /// <summary>
    /// A block candidate ends before it closes a scope opened before the cursor (brace languages) or before it
    /// dedents out of the block it started (indentation languages).
    /// </summary>
    private static string CutWhereScopeCloses(string text, CodeContext context)
    {
        if (context.Language.IndentationScoped)
        {
            var lines = text.Split('\n');
            var blockIndent = -1;
            var offset = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Trim().Length > 0)
                {
                    var indent = i == 0 ? context.LinePrefix.Length + TextLines.Indentation(line).Length : TextLines.Indentation(line).Length;
                    if (blockIndent < 0)
                    {
                        blockIndent = indent;
                    }
                    else if (indent < blockIndent)
                    {
                        return text[..offset].TrimEnd('\n');
                    }
                }

                offset += line.Length + 1;
            }

            return text;
        }

        var scan = BracketScanner.Scan(text, context.Language);
        return scan.FirstBelowZero >= 0 ? text[..TextLines.LineStart(text, scan.FirstBelowZero)].TrimEnd() : text;
    }

    /// <summary>A one-line candidate at the end of a line closes the round and square brackets it opened.</summary>
    private static string CloseOneLineBrackets(string text, CodeContext context)
    {
        if (context.IsMidLine || text.Contains('\n', StringComparison.Ordinal))
        {
            return text;
        }

        var scan = BracketScanner.Scan(text, context.Language);
        if (scan.Unclosed.Count == 0 || scan.Mismatched || scan.Unclosed.Any(u => u.Bracket == '{'))
        {
            return text;
        }

        // An argument list cut after a comma or an operator is unfinished, not unbalanced: closing it would be wrong.
        var last = text.TrimEnd();
        if (last.Length == 0 || last[^1] is ',' or '+' or '-' or '*' or '/' or '=' or '(' or '[' or '.' or '&' or '|')
        {
            return text;
        }

        return last + string.Concat(scan.Unclosed.Reverse().Select(u => BracketScanner.Closer(u.Bracket)));
    }
}
