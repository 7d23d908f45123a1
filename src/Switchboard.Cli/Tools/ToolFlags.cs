namespace Switchboard.Cli.Tools;

/// <summary>The tool flags of <c>switchboard chat</c>.</summary>
internal sealed record ToolFlags(bool Enabled, ApprovalMode Approve, string? Workspace, string? SchemaFile, int? MaxSteps);
