using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Switchboard.Completion.Context;
using Switchboard.Completion.CSharp;
using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Candidates;

/// <summary>
/// Whether inserting a candidate leaves the file no less well-formed than it was. C# is parsed by Roslyn (an
/// incremental reparse of the insertion); other languages are checked for bracket balance around the cursor.
/// "No worse" rather than "error-free", because the file being edited rarely parses cleanly mid-edit.
/// </summary>
public static class SyntaxChecker
{
    /// <summary>Whether <paramref name="candidate"/> inserted at the context's cursor leaves the file no less well-formed.</summary>
    public static bool IsValid(CodeContext context, string candidate)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(candidate);
        return context.Language == LanguageCatalog.CSharp
            ? CSharpIsValid(context, candidate)
            : BracketsAreValid(context.Prefix, candidate, context.Suffix, context.Language);
    }

    /// <summary>Checks a whole file with the completion inserted (used by the evaluation on the final text).</summary>
    public static bool IsValidFile(string path, string text)
    {
        var language = LanguageCatalog.FromPath(path);
        if (language == LanguageCatalog.CSharp)
        {
            return !CSharpWorkspaceIndex.Parse(text, path).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        }

        var scan = BracketScanner.Scan(text, language);
        return !scan.Mismatched && scan.LowestDepth == 0 && scan.Unclosed.Count == 0;
    }

    private static bool CSharpIsValid(CodeContext context, string candidate)
    {
        var tree = context.CSharpTree ?? CSharpWorkspaceIndex.Parse(context.DocumentText);

        // The document's own error count is the same for every candidate of a request: counted once.
        var before = context.BaselineErrors ??= ErrorCount(tree);
        var inserted = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(context.CursorOffset, 0), candidate)));
        return ErrorCount(inserted) <= before;
    }

    private static int ErrorCount(SyntaxTree tree) => tree.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

    private static bool BracketsAreValid(string prefix, string candidate, string suffix, LanguageDefinition language)
    {
        var without = BracketScanner.Scan(string.Concat(prefix, suffix), language);
        var with = BracketScanner.Scan(string.Concat(prefix, candidate, suffix), language);
        if (with.Mismatched && !without.Mismatched)
        {
            return false;
        }

        // The window may start inside scopes and end before they close; only a change in imbalance counts.
        return Math.Abs(with.FinalDepth) <= Math.Abs(without.FinalDepth) && with.LowestDepth >= without.LowestDepth;
    }
}
