namespace Switchboard.Tools;

/// <summary>The names the model sees for the built-in workspace tools.</summary>
public static class WorkspaceToolNames
{
    public const string ReadFile = "read_file";
    public const string ListDirectory = "list_dir";
    public const string Glob = "glob";
    public const string Grep = "grep";
    public const string EditFile = "edit_file";
    public const string WriteFile = "write_file";
    public const string RunCommand = "run_command";
}
