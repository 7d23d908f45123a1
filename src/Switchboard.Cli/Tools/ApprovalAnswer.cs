namespace Switchboard.Cli.Tools;

/// <summary>The user's answer to an approval prompt.</summary>
internal enum ApprovalAnswer
{
    Yes,
    No,
    Always,
}
