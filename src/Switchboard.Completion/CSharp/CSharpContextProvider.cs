using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Switchboard.Completion.Context;

namespace Switchboard.Completion.CSharp;

/// <summary>
/// Reads a C# file at a cursor with Roslyn: its usings, the namespace, types and member around the cursor, and the
/// names used near the cursor, whose declarations in other workspace files become signatures in the prompt. This is
/// the context a FIM model cannot see in a prefix cut to budget: what the types it is about to call look like.
/// </summary>
internal static class CSharpContextProvider
{
    /// <summary>How far around the cursor names are collected (characters before, after).</summary>
    private const int NamesBefore = 2000;
    private const int NamesAfter = 300;

    public static CSharpCursorContext Analyze(string path, string text, int offset, CSharpWorkspaceIndex? index, int maxSignatures)
    {
        var tree = index is not null && path.Length > 0 ? index.GetTree(path, text) : CSharpWorkspaceIndex.Parse(text, path);
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var usings = root.Usings.Select(u => u.ToString().Trim())
            .Concat(root.Members.OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings).Select(u => u.ToString().Trim()))
            .ToList();

        var token = root.FindToken(Math.Max(0, Math.Min(offset, text.Length) - 1));
        var scopes = new List<ScopeHeader>();
        foreach (var ancestor in token.Parent?.AncestorsAndSelf() ?? [])
        {
            var header = ancestor switch
            {
                BaseNamespaceDeclarationSyntax ns => $"namespace {ns.Name}",
                BaseTypeDeclarationSyntax type => CSharpSignatures.Header(type),
                MemberDeclarationSyntax member and not GlobalStatementSyntax => CSharpSignatures.Member(member),
                LocalFunctionStatementSyntax local => $"{local.ReturnType} {local.Identifier}{local.ParameterList}",
                _ => null,
            };

            // A member whose header starts after the cursor (the cursor is in its leading trivia) does not enclose it.
            if (header is not null && ancestor.SpanStart < offset)
            {
                scopes.Add(new ScopeHeader(header, ancestor.SpanStart));
            }
        }

        scopes.Reverse();
        var signatures = index is null ? [] : FindSignatures(root, path, offset, index, maxSignatures);
        return new CSharpCursorContext(usings, scopes, signatures, tree);
    }

    private static List<string> FindSignatures(CompilationUnitSyntax root, string path, int offset, CSharpWorkspaceIndex index, int max)
    {
        var from = Math.Max(0, offset - NamesBefore);
        var to = Math.Min(root.FullSpan.End, offset + NamesAfter);
        var names = new List<(string Name, int Distance)>();
        foreach (var token in root.DescendantTokens(new Microsoft.CodeAnalysis.Text.TextSpan(from, to - from)))
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is not (VariableDeclaratorSyntax or ParameterSyntax))
            {
                names.Add((token.ValueText, Math.Abs(token.SpanStart - offset)));
            }
        }

        var signatures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in names.OrderBy(n => n.Distance))
        {
            if (!seen.Add(name))
            {
                continue;
            }

            foreach (var declaration in index.Find(name))
            {
                if (declaration.FilePath != path && signatures.Count < max && !signatures.Contains(declaration.Signature))
                {
                    signatures.Add(declaration.Signature);
                }
            }

            if (signatures.Count >= max)
            {
                break;
            }
        }

        return signatures;
    }
}
