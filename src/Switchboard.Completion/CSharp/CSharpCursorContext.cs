using Switchboard.Completion.Context;

namespace Switchboard.Completion.CSharp;

/// <summary>What the C# parser found around a cursor.</summary>
/// <param name="Usings">The file's using directives.</param>
/// <param name="Scopes">Enclosing namespace, types and member, outermost first.</param>
/// <param name="Signatures">Signatures, from other files, of types and members named near the cursor, nearest first.</param>
/// <param name="Tree">The parsed file, reused to check candidates.</param>
public sealed record CSharpCursorContext(
    IReadOnlyList<string> Usings,
    IReadOnlyList<ScopeHeader> Scopes,
    IReadOnlyList<string> Signatures,
    Microsoft.CodeAnalysis.SyntaxTree Tree);
