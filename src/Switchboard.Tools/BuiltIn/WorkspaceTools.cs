using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>
/// The built-in tools a model uses to work in one folder: <c>read_file</c>, <c>list_dir</c>, <c>glob</c>,
/// <c>grep</c>, <c>edit_file</c>, <c>write_file</c>, <c>run_command</c>. Every path is resolved through
/// <see cref="Workspace"/>; failures the model should act on throw <see cref="ToolFailureException"/>.
/// </summary>
/// <remarks>
/// Run them through a <see cref="FunctionInvokingChatClient"/> with
/// <see cref="FunctionInvokingChatClient.IncludeDetailedErrors"/> set, so the model reads why a call failed.
/// <see cref="All"/> has no approvals; <see cref="CreateForPolicy"/> adds them.
/// </remarks>
public sealed class WorkspaceTools
{
    private readonly FileReader _reader;
    private readonly DirectoryLister _lister;
    private readonly GlobSearch _glob;
    private readonly GrepSearch _grep;
    private readonly FileEditor _editor;
    private readonly CommandRunner _runner;

    /// <param name="workspace">The folder the tools work in.</param>
    /// <param name="timeouts">Each tool's deadline; <see cref="ToolTimeouts.Default"/> when null.</param>
    /// <param name="checkpoints">Where edit_file and write_file keep each turn's old file states; a new store when null.</param>
    public WorkspaceTools(Workspace workspace, ToolTimeouts? timeouts = null, FileCheckpointStore? checkpoints = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        Workspace = workspace;
        Timeouts = timeouts ?? ToolTimeouts.Default;
        Checkpoints = checkpoints ?? new FileCheckpointStore();
        _reader = new FileReader(workspace);
        _lister = new DirectoryLister(workspace);
        _glob = new GlobSearch(workspace);
        _grep = new GrepSearch(workspace);
        _editor = new FileEditor(workspace, Checkpoints);
        _runner = new CommandRunner(workspace);
        All = Timeouts.Apply(CreateFunctions());
    }

    public Workspace Workspace { get; }

    /// <summary>The deadlines the tools in <see cref="All"/> run under.</summary>
    public ToolTimeouts Timeouts { get; }

    /// <summary>
    /// The file states edit_file and write_file replaced, per turn; a host calls <see cref="FileCheckpointStore.BeginTurn"/>
    /// when the user sends a message and <see cref="FileCheckpointStore.UndoLastTurn"/> to take a turn's changes back.
    /// </summary>
    public FileCheckpointStore Checkpoints { get; }

    /// <summary>Every tool, each running when called (no approval step), each under its deadline.</summary>
    public IReadOnlyList<AIFunction> All { get; }

    /// <summary>
    /// The tools with <paramref name="policy"/> applied: a tool some call of which may need asking is wrapped in
    /// <see cref="ApprovalRequiredAIFunction"/>, and a call the policy denies returns a refusal without running.
    /// </summary>
    public IReadOnlyList<AIFunction> CreateForPolicy(ToolApprovalPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Apply(All);
    }

    /// <summary>Reads a text file (or lines <paramref name="startLine"/>..<paramref name="endLine"/>), numbered.</summary>
    public string ReadFile(string path, int? startLine = null, int? endLine = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _reader.Read(path, startLine, endLine, cancellationToken);
    }

    /// <summary>Lists a folder's entries, sorted, folders ending in <c>/</c>.</summary>
    public string ListDirectory(string path = ".")
    {
        ArgumentNullException.ThrowIfNull(path);
        return _lister.List(path);
    }

    /// <summary>Finds files by glob pattern, relative to the root.</summary>
    public string Glob(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return _glob.Find(pattern, cancellationToken);
    }

    /// <summary>Searches text files for a regular expression, honouring .gitignore.</summary>
    public string Grep(string pattern, string path = ".", string? glob = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        return _grep.Search(pattern, path, glob, cancellationToken);
    }

    /// <summary>Replaces <paramref name="oldText"/>, which must occur exactly once, with <paramref name="newText"/>.</summary>
    public string EditFile(string path, string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _editor.Edit(path, oldText, newText);
    }

    /// <summary>Creates or replaces a file, creating its folders.</summary>
    public string WriteFile(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _editor.Write(path, content);
    }

    /// <summary>
    /// The change an <c>edit_file</c> or <c>write_file</c> call would make, as a diff, worked out without making it,
    /// so a person can see it before approving. Null for any other call; a call that would fail (no match, a
    /// directory, a path outside the workspace) gives the reason instead of a diff.
    /// </summary>
    public FileChangePreview? Preview(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Name is not (WorkspaceToolNames.EditFile or WorkspaceToolNames.WriteFile))
        {
            return null;
        }

        var path = ToolArguments.GetString(call.Arguments, "path");
        if (path is null)
        {
            return new FileChangePreview("", null, "the call names no path");
        }

        try
        {
            var change = call.Name == WorkspaceToolNames.EditFile
                ? _editor.PlanEdit(path, ToolArguments.GetString(call.Arguments, "old_text") ?? "", ToolArguments.GetString(call.Arguments, "new_text") ?? "")
                : _editor.PlanWrite(path, ToolArguments.GetString(call.Arguments, "content") ?? "");
            return new FileChangePreview(change.DisplayPath, change.ToDiff(), null);
        }
        catch (ToolFailureException ex)
        {
            return new FileChangePreview(path, null, ex.Message);
        }
    }

    /// <summary>Runs a shell command in the workspace root.</summary>
    public Task<string> RunCommandAsync(
        string command, int timeoutSeconds = CommandRunner.DefaultTimeoutSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _runner.RunAsync(command, timeoutSeconds, cancellationToken);
    }

    // The lambdas carry the snake_case parameter names the model sees; the schema is generated from them.
    private AIFunction[] CreateFunctions() =>
    [
        AIFunctionFactory.Create(
            ([Description("File path relative to the workspace root.")] string path,
             [Description("First line to show (1-based). Optional.")] int? start_line = null,
             [Description("Last line to show (inclusive). Optional.")] int? end_line = null,
             CancellationToken cancellationToken = default) => ReadFile(path, start_line, end_line, cancellationToken),
            WorkspaceToolNames.ReadFile,
            $"Reads a UTF-8 text file in the workspace and returns its lines numbered as '<line>\\t<text>'. " +
            $"At most {FileReader.MaxLines} lines per call; use start_line/end_line for a part of a file. " +
            $"Files over {TextFile.FormatSize(FileReader.MaxWholeFileBytes)} must be read by line range. Binary files are refused."),

        AIFunctionFactory.Create(
            ([Description("Directory path relative to the workspace root; '.' is the root.")] string path = ".") => ListDirectory(path),
            WorkspaceToolNames.ListDirectory,
            $"Lists the entries of a directory in the workspace, sorted, one per line; directories end with '/'. " +
            $"At most {DirectoryLister.MaxEntries} entries."),

        AIFunctionFactory.Create(
            ([Description("Glob pattern relative to the workspace root, e.g. 'src/**/*.cs' or '*.json'.")] string pattern,
             CancellationToken cancellationToken = default) => Glob(pattern, cancellationToken),
            WorkspaceToolNames.Glob,
            $"Finds files whose path relative to the workspace root matches a glob ('*' within a folder, '**' across " +
            $"folders). Returns matching paths, sorted, at most {GlobSearch.MaxResults}. Skips .git; does not apply .gitignore."),

        AIFunctionFactory.Create(
            ([Description(".NET regular expression to search for, matched per line.")] string pattern,
             [Description("File or directory to search, relative to the workspace root. Defaults to the root.")] string path = ".",
             [Description("Only search files matching this glob, e.g. '*.cs' or 'src/**/*.ts'. Optional.")] string? glob = null,
             CancellationToken cancellationToken = default) => Grep(pattern, path, glob, cancellationToken),
            WorkspaceToolNames.Grep,
            $"Searches text files for lines matching a regular expression and returns them as 'path:line: text'. " +
            $"Skips files ignored by .gitignore, binary files and .git. At most {GrepSearch.MaxMatches} matches."),

        AIFunctionFactory.Create(
            ([Description("File path relative to the workspace root.")] string path,
             [Description("Exact text to replace, including whitespace and indentation; must occur exactly once in the file.")] string old_text,
             [Description("Text to put in its place.")] string new_text) => EditFile(path, old_text, new_text),
            WorkspaceToolNames.EditFile,
            "Edits a file by replacing one exact occurrence of old_text with new_text. Fails if old_text is not found " +
            "or occurs more than once (then include more surrounding lines). Returns a short diff of the change."),

        AIFunctionFactory.Create(
            ([Description("File path relative to the workspace root.")] string path,
             [Description("The complete new content of the file.")] string content) => WriteFile(path, content),
            WorkspaceToolNames.WriteFile,
            "Creates a file, or replaces its whole content, creating missing parent directories. " +
            "Prefer edit_file for changing part of an existing file."),

        AIFunctionFactory.Create(
            ([Description("Shell command line, run with /bin/sh -c in the workspace root.")] string command,
             [Description("Seconds before the command and its child processes are killed (1 to 600).")] int timeout_seconds = CommandRunner.DefaultTimeoutSeconds,
             CancellationToken cancellationToken = default) => RunCommandAsync(command, timeout_seconds, cancellationToken),
            WorkspaceToolNames.RunCommand,
            $"Runs a shell command in the workspace root and returns its exit code and combined stdout/stderr. " +
            $"Output over {TextFile.FormatSize(CommandRunner.OutputHeadBytes + CommandRunner.OutputTailBytes)} keeps its start and end. " +
            "Stdin is closed; do not start interactive programs."),
    ];
}
