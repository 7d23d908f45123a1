using Microsoft.Extensions.AI;

namespace Switchboard.Tools;

/// <summary>
/// How long each tool may run. A call past its deadline is cancelled (its token fires, so a command's process tree is
/// killed and a file walk stops) and fails with a <see cref="ToolTimeoutException"/> the model reads; the turn goes on.
/// </summary>
/// <remarks>
/// A tool blocked in a system call cannot see its token; the caller stops waiting for it all the same, and the
/// blocked thread is left to finish on its own. The time spent waiting for the user's approval does not count: the
/// deadline starts when the tool starts.
/// </remarks>
public sealed class ToolTimeouts
{
    /// <summary>The deadline of a tool not named in the per-tool table: 2 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// run_command's default deadline: past the longest <c>timeout_seconds</c> it accepts plus the time it takes to
    /// kill and drain, so the command's own timeout (with its output) normally reports first.
    /// </summary>
    public static readonly TimeSpan DefaultRunCommandTimeout = TimeSpan.FromSeconds(CommandRunner.MaxTimeoutSeconds + 30);

    private readonly Dictionary<string, TimeSpan> _perTool;

    /// <param name="defaultTimeout">For tools not in <paramref name="perTool"/>; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="perTool">Deadlines by tool name; run_command gets <see cref="DefaultRunCommandTimeout"/> unless named here.</param>
    /// <param name="timeProvider">The clock the deadlines run on; the system clock when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is zero, negative or beyond 49 days; the message names the tool.</exception>
    public ToolTimeouts(TimeSpan? defaultTimeout = null, IReadOnlyDictionary<string, TimeSpan>? perTool = null, TimeProvider? timeProvider = null)
    {
        Fallback = defaultTimeout ?? DefaultTimeout;
        EnsureValid(Fallback, "the default tool timeout");
        _perTool = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            [WorkspaceToolNames.RunCommand] = DefaultRunCommandTimeout,
        };

        foreach (var (name, timeout) in perTool ?? new Dictionary<string, TimeSpan>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(perTool));
            EnsureValid(timeout, $"the timeout of '{name}'");
            _perTool[name] = timeout;
        }

        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Two minutes per tool, run_command a little over its own ten-minute limit.</summary>
    public static ToolTimeouts Default { get; } = new();

    /// <summary>The deadline of tools not named in the per-tool table.</summary>
    public TimeSpan Fallback { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The deadline of <paramref name="toolName"/>.</summary>
    public TimeSpan For(string toolName)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        return _perTool.TryGetValue(toolName, out var timeout) ? timeout : Fallback;
    }

    /// <summary>Wraps <paramref name="tool"/> so a call past its deadline is cancelled and reported as a failure.</summary>
    public AIFunction Apply(AIFunction tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return new DeadlineAIFunction(tool, For(tool.Name), TimeProvider);
    }

    /// <summary>Wraps every tool; see <see cref="Apply(AIFunction)"/>.</summary>
    public IReadOnlyList<AIFunction> Apply(IEnumerable<AIFunction> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return [.. tools.Select(Apply)];
    }

    private static void EnsureValid(TimeSpan timeout, string what)
    {
        // A timer cannot be set further out than uint.MaxValue - 1 milliseconds (about 49 days).
        if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds >= uint.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"{char.ToUpperInvariant(what[0])}{what[1..]} must be more than zero and less than 49 days.");
        }
    }
}
