using Microsoft.CodeAnalysis;
using Switchboard.Completion.Languages;

namespace Switchboard.Completion.Context;

/// <summary>Everything a prompt is made from, already cut to the token budget.</summary>
public sealed record CodeContext
{
    /// <summary>The document's language.</summary>
    public required LanguageDefinition Language { get; init; }

    /// <summary>The document's path as the editor named it.</summary>
    public required string FilePath { get; init; }

    /// <summary>The whole document, for checking a candidate in place.</summary>
    public required string DocumentText { get; init; }

    /// <summary>The cursor as an offset into <see cref="DocumentText"/>.</summary>
    public required int CursorOffset { get; init; }

    /// <summary>The code before the cursor that fits the budget, starting at a line start.</summary>
    public required string Prefix { get; init; }

    /// <summary>The code after the cursor that fits the budget, ending at a line end.</summary>
    public required string Suffix { get; init; }

    /// <summary>The cursor line up to the cursor.</summary>
    public required string LinePrefix { get; init; }

    /// <summary>The cursor line after the cursor.</summary>
    public required string LineSuffix { get; init; }

    /// <summary>Code follows the cursor on its line: the completion must fit in the line.</summary>
    public required bool IsMidLine { get; init; }

    /// <summary>The cursor starts a block (an empty line after an opener, or the end of an opener line): several lines may come.</summary>
    public required bool AllowsMultiLine { get; init; }

    /// <summary>Enclosing scopes whose header the budgeted prefix cut off, outermost first.</summary>
    public IReadOnlyList<ScopeHeader> Scopes { get; init; } = [];

    /// <summary>Import lines the budgeted prefix cut off.</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    /// <summary>Signatures of things used near the cursor, declared in other files.</summary>
    public IReadOnlyList<string> Signatures { get; init; } = [];

    /// <summary>Similar code from recently used files.</summary>
    public IReadOnlyList<CodeSnippet> Snippets { get; init; } = [];

    /// <summary>The C# syntax tree of the document, when it is C#.</summary>
    public SyntaxTree? CSharpTree { get; init; }

    /// <summary>The estimated prompt tokens the context uses (prefix, suffix and extras).</summary>
    public int EstimatedTokens { get; init; }

    /// <summary>The syntax errors of the document as it is, counted once when the first candidate is checked.</summary>
    internal int? BaselineErrors { get; set; }
}
