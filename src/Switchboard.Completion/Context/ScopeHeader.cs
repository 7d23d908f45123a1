namespace Switchboard.Completion.Context;

/// <summary>The line that opens a scope enclosing the cursor (<c>public sealed class Cart</c>, <c>def total(self):</c>).</summary>
/// <param name="Text">The header, trimmed.</param>
/// <param name="Offset">Where it starts in the document; a header the budgeted prefix cut off is repeated in the prompt.</param>
public sealed record ScopeHeader(string Text, int Offset);
