namespace Switchboard.Tools;

/// <summary>A path given to a workspace tool was refused: it is absolute, or it leads outside the workspace.</summary>
public sealed class WorkspacePathException : ToolFailureException
{
    public WorkspacePathException()
    {
    }

    public WorkspacePathException(string message)
        : base(message)
    {
    }

    public WorkspacePathException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public WorkspacePathException(string path, string reason)
        : base($"Path '{path}' is refused: {reason}.")
    {
        RequestedPath = path;
        Reason = reason;
    }

    /// <summary>The path as the caller gave it.</summary>
    public string? RequestedPath { get; }

    /// <summary>Why the path was refused.</summary>
    public string? Reason { get; }
}
