using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Switchboard.Completion.CSharp;

/// <summary>Renders declarations as one-line signatures without bodies, the form a prompt spends few tokens on.</summary>
internal static class CSharpSignatures
{
    /// <summary>Members shown per type: enough to use it, few enough that several types fit a prompt.</summary>
    private const int MaxMembersPerType = 12;

    public static string? Member(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => Collapse($"{m.Modifiers} {m.ReturnType} {m.Identifier}{m.TypeParameterList}{m.ParameterList}{m.ConstraintClauses}"),
        ConstructorDeclarationSyntax c => Collapse($"{c.Modifiers} {c.Identifier}{c.ParameterList}"),
        PropertyDeclarationSyntax p => Collapse($"{p.Modifiers} {p.Type} {p.Identifier} {Accessors(p.AccessorList, p.ExpressionBody)}"),
        FieldDeclarationSyntax f => Collapse($"{f.Modifiers} {f.Declaration.Type} {string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.Text))}"),
        EventDeclarationSyntax e => Collapse($"{e.Modifiers} event {e.Type} {e.Identifier}"),
        EventFieldDeclarationSyntax e => Collapse($"{e.Modifiers} event {e.Declaration.Type} {string.Join(", ", e.Declaration.Variables.Select(v => v.Identifier.Text))}"),
        DelegateDeclarationSyntax d => Collapse($"{d.Modifiers} delegate {d.ReturnType} {d.Identifier}{d.TypeParameterList}{d.ParameterList}"),
        BaseTypeDeclarationSyntax t => Header(t),
        _ => null,
    };

    /// <summary>The line that declares a type: modifiers, kind, name, type parameters, primary constructor, bases.</summary>
    public static string Header(BaseTypeDeclarationSyntax type)
    {
        var kind = type switch
        {
            RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            TypeDeclarationSyntax t => t.Keyword.Text,
            EnumDeclarationSyntax => "enum",
            _ => "type",
        };
        var typeParameters = (type as TypeDeclarationSyntax)?.TypeParameterList?.ToString();
        var primary = (type as TypeDeclarationSyntax)?.ParameterList?.ToString();
        return Collapse($"{type.Modifiers} {kind} {type.Identifier}{typeParameters}{primary} {type.BaseList}");
    }

    /// <summary>A type with the members code elsewhere can use (private ones left out), as a compact block.</summary>
    public static string TypeSummary(BaseTypeDeclarationSyntax type)
    {
        var builder = new StringBuilder(Header(type));
        if (type is EnumDeclarationSyntax enumeration)
        {
            return builder.Append(" { ").Append(string.Join(", ", enumeration.Members.Select(m => m.Identifier.Text))).Append(" }").ToString();
        }

        if (type is not TypeDeclarationSyntax withMembers)
        {
            return builder.ToString();
        }

        var isInterface = type is InterfaceDeclarationSyntax;
        var shown = 0;
        builder.Append(" {");
        foreach (var member in withMembers.Members)
        {
            if (member is BaseTypeDeclarationSyntax || (!isInterface && !IsVisible(member.Modifiers)))
            {
                continue;
            }

            if (Member(member) is not { } signature)
            {
                continue;
            }

            if (++shown > MaxMembersPerType)
            {
                builder.Append(" …");
                break;
            }

            builder.Append(' ').Append(signature).Append(';');
        }

        return builder.Append(" }").ToString();
    }

    private static bool IsVisible(SyntaxTokenList modifiers) =>
        modifiers.Any(SyntaxKind.PublicKeyword) || modifiers.Any(SyntaxKind.InternalKeyword) || modifiers.Any(SyntaxKind.ProtectedKeyword);

    private static string Accessors(AccessorListSyntax? accessors, ArrowExpressionClauseSyntax? expressionBody)
    {
        if (accessors is null)
        {
            return expressionBody is null ? string.Empty : "{ get; }";
        }

        return "{ " + string.Concat(accessors.Accessors.Select(a => $"{a.Modifiers} {a.Keyword.Text}; ".TrimStart())) + "}";
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
