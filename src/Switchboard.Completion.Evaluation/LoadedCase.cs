namespace Switchboard.Completion.Evaluation;

/// <summary>A case with its original file read and its task made (the file with the expected text removed).</summary>
/// <param name="Case">The case as stored.</param>
/// <param name="Path">The file name given to the engine.</param>
/// <param name="Original">The original file.</param>
/// <param name="Task">The original with <see cref="CompletionCase.Expected"/> removed at the cursor.</param>
/// <param name="Offset">The cursor offset in both.</param>
public sealed record LoadedCase(CompletionCase Case, string Path, string Original, string Task, int Offset);
