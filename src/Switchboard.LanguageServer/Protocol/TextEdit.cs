namespace Switchboard.LanguageServer.Protocol;

/// <summary>Replace <see cref="Range"/> with <see cref="NewText"/>.</summary>
public sealed record TextEdit(Range Range, string NewText);
