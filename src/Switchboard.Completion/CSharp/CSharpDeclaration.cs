namespace Switchboard.Completion.CSharp;

/// <summary>A type or member declared somewhere in the workspace, with the signature a prompt shows for it.</summary>
/// <param name="Name">The simple name looked up (<c>OrderService</c>, <c>PlaceOrder</c>).</param>
/// <param name="Signature">The declaration without bodies (a type with its visible members, or one member).</param>
/// <param name="FilePath">The file that declares it.</param>
/// <param name="IsType">Whether it is a type (as opposed to a member).</param>
public sealed record CSharpDeclaration(string Name, string Signature, string FilePath, bool IsType);
