namespace Switchboard.Tools;

/// <summary>
/// One simple command of a command line. <see cref="IsOpaque"/> marks one whose effect its text does not show:
/// command substitution (<c>$(...)</c>, backticks, <c>&lt;(...)</c>) or a redirection.
/// </summary>
internal readonly record struct ShellSegment(string Text, bool IsOpaque);
