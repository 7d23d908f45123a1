namespace Switchboard.Tools;

/// <summary>What an undo did: the files put back, the files deleted (the turn had created them), and what failed.</summary>
/// <param name="TurnNumber">The turn whose changes were undone.</param>
/// <param name="Restored">Paths whose earlier content is back.</param>
/// <param name="Deleted">Paths the turn created, now removed.</param>
/// <param name="Failures">"path: reason" for each file that could not be put back.</param>
public sealed record UndoResult(int TurnNumber, IReadOnlyList<string> Restored, IReadOnlyList<string> Deleted, IReadOnlyList<string> Failures)
{
    /// <summary>One line for the user, such as "Undid turn 3: restored a.txt; deleted new.txt".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Restored.Count > 0)
        {
            parts.Add("restored " + string.Join(", ", Restored));
        }

        if (Deleted.Count > 0)
        {
            parts.Add("deleted " + string.Join(", ", Deleted));
        }

        if (Failures.Count > 0)
        {
            parts.Add("could not undo " + string.Join("; ", Failures));
        }

        return $"Undid turn {TurnNumber}: {string.Join("; ", parts)}.";
    }
}
