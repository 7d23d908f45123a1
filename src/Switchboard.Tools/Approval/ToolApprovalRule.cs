namespace Switchboard.Tools;

/// <summary>
/// One approval rule, written <c>decision:tool</c> or <c>decision:tool(argument glob)</c>, for example
/// <c>allow:read_file</c>, <c>ask:run_command</c>, <c>deny:run_command(rm *)</c>, <c>allow:run_command(git status*)</c>,
/// <c>deny:write_file(.env*)</c>. The tool name may use <c>*</c>. The argument glob is matched against the call's
/// primary argument (<c>command</c> for run_command, <c>pattern</c> for glob, <c>path</c> for the file tools);
/// <c>*</c> matches any characters, slashes and spaces included.
/// </summary>
public sealed class ToolApprovalRule
{
    public ToolApprovalRule(ToolApprovalDecision decision, string toolPattern, string? argumentPattern = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toolPattern);
        Decision = decision;
        ToolPattern = toolPattern;
        ArgumentPattern = argumentPattern;
    }

    public ToolApprovalDecision Decision { get; }

    /// <summary>The tool name, or a glob over tool names.</summary>
    public string ToolPattern { get; }

    /// <summary>The glob over the primary argument; null when the rule covers every call of the tool.</summary>
    public string? ArgumentPattern { get; }

    /// <summary>
    /// Orders rules that match the same call; the most specific wins. A rule with an argument glob beats one
    /// without; then more literal characters in the argument glob; then an exact tool name beats a tool glob.
    /// </summary>
    internal (int HasArgument, int ArgumentLiterals, int ExactTool) Specificity =>
        (ArgumentPattern is null ? 0 : 1,
         ArgumentPattern is null ? 0 : WildcardPattern.LiteralLength(ArgumentPattern),
         WildcardPattern.HasWildcard(ToolPattern) ? 0 : 1);

    /// <summary>Parses <c>decision:tool</c> or <c>decision:tool(argument glob)</c>.</summary>
    /// <exception cref="FormatException">The text is not a rule; the message shows the expected form.</exception>
    public static ToolApprovalRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rule = text.Trim();
        var colon = rule.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Invalid(text, "missing 'allow:', 'ask:' or 'deny:'");
        }

        ToolApprovalDecision decision = rule[..colon].Trim().ToLowerInvariant() switch
        {
            "allow" => ToolApprovalDecision.Allow,
            "ask" => ToolApprovalDecision.Ask,
            "deny" => ToolApprovalDecision.Deny,
            var other => throw Invalid(text, $"unknown decision '{other}'"),
        };

        var target = rule[(colon + 1)..].Trim();
        string tool;
        string? argument = null;
        var open = target.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!target.EndsWith(')'))
            {
                throw Invalid(text, "the argument glob must end with ')'");
            }

            tool = target[..open].Trim();
            argument = target[(open + 1)..^1];
            if (argument.Length == 0)
            {
                throw Invalid(text, "the argument glob is empty; leave out the parentheses to match every call");
            }
        }
        else
        {
            tool = target;
        }

        if (tool.Length == 0 || tool.Any(c => char.IsWhiteSpace(c) || c is '(' or ')'))
        {
            throw Invalid(text, "missing or malformed tool name");
        }

        return new ToolApprovalRule(decision, tool, argument);
    }

    internal bool MatchesTool(string toolName) => WildcardPattern.IsMatch(ToolPattern, toolName);

    public override string ToString()
    {
        var decision = Decision.ToString().ToLowerInvariant();
        return ArgumentPattern is null ? $"{decision}:{ToolPattern}" : $"{decision}:{ToolPattern}({ArgumentPattern})";
    }

    private static FormatException Invalid(string text, string why) =>
        new($"Invalid tool rule '{text}': {why}. Expected allow|ask|deny:tool or allow|ask|deny:tool(argument glob), " +
            "e.g. 'deny:run_command(rm *)'.");
}
