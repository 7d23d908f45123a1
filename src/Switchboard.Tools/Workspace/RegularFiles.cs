namespace Switchboard.Tools;

/// <summary>The refusal every file tool gives for a named pipe, socket or device, worded the same way.</summary>
internal static class RegularFiles
{
    /// <param name="path">The path as the model gave it.</param>
    /// <param name="kind">What is there instead of a regular file.</param>
    /// <param name="toolDoes">The tool and its verb, such as <c>read_file reads</c>.</param>
    public static ToolFailureException NotRegular(string path, FileKind kind, string toolDoes) =>
        new($"'{path}' is {FileKindProbe.Describe(kind)}, not a regular file; {toolDoes} regular files only " +
            "(reading a pipe or device can wait for ever).");
}
