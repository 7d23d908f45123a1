using System.Globalization;

namespace Switchboard.Tools;

/// <summary>A tool ran past its deadline and was stopped; the message tells the model what to do instead.</summary>
public sealed class ToolTimeoutException : ToolFailureException
{
    public ToolTimeoutException()
    {
    }

    public ToolTimeoutException(string message)
        : base(message)
    {
    }

    public ToolTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ToolTimeoutException(string toolName, TimeSpan timeout)
        : base($"{toolName} did not finish within {Describe(timeout)} and was stopped. " +
            "Ask for less at once (a narrower path or pattern, a line range, a shorter command) or try another approach.")
    {
        ToolName = toolName;
        Timeout = timeout;
    }

    /// <summary>The tool that was stopped.</summary>
    public string? ToolName { get; }

    /// <summary>The deadline it ran past.</summary>
    public TimeSpan Timeout { get; }

    private static string Describe(TimeSpan timeout) => timeout.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMilliseconds:0} ms");
}
