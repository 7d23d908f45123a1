namespace Switchboard.Tools;

/// <summary>
/// A tool call failed in a way the model should read and act on: a missing file, no match, an ambiguous match,
/// a binary or oversized file, a path outside the workspace. The message is written for the model.
/// </summary>
/// <remarks>
/// <see cref="Microsoft.Extensions.AI.FunctionInvokingChatClient"/> sends an exception's message back to the model
/// only when <see cref="Microsoft.Extensions.AI.FunctionInvokingChatClient.IncludeDetailedErrors"/> is set; otherwise
/// the model sees a generic failure. Hosts that run these tools should set it.
/// </remarks>
public class ToolFailureException : Exception
{
    public ToolFailureException()
    {
    }

    public ToolFailureException(string message)
        : base(message)
    {
    }

    public ToolFailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
