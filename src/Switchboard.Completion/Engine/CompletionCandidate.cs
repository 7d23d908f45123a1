namespace Switchboard.Completion.Engine;

/// <summary>One suggestion: <paramref name="Text"/> is exactly what to insert at the cursor.</summary>
/// <param name="Text">The text to insert at the cursor, nothing before or after it.</param>
/// <param name="Score">The ranking score, 0 to 1; candidates come best first.</param>
public sealed record CompletionCandidate(string Text, double Score);
