using System.ComponentModel.DataAnnotations;

namespace Switchboard.LanguageServer;

/// <summary>Settings of a <see cref="CompletionLanguageServer"/>.</summary>
public sealed class LanguageServerOptions
{
    /// <summary>The quiet time after a keystroke before a completion starts; a newer request cancels an older one.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many suggestions each request offers.</summary>
    [Range(1, 10)]
    public int CandidateCount { get; set; } = 3;

    /// <summary>Whether the workspace folders named at <c>initialize</c> are read for context (in the background).</summary>
    public bool IndexWorkspace { get; set; } = true;

    /// <summary>The clock for the debounce; the system's when null.</summary>
    public TimeProvider? Time { get; set; }
}
