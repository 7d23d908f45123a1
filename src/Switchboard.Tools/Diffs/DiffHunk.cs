using System.Globalization;

namespace Switchboard.Tools;

/// <summary>
/// A run of changes with the unchanged lines around them. Line numbers are 1-based; a side with no lines gives the
/// number of the line before the hunk (0 at the start of the file), as diff(1) does.
/// </summary>
public sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines)
{
    /// <summary><c>@@ -OldStart,OldCount +NewStart,NewCount @@</c>, a count of 1 left out as GNU diff does.</summary>
    public string Header => $"@@ -{Range(OldStart, OldCount)} +{Range(NewStart, NewCount)} @@";

    private static string Range(int start, int count) => count == 1
        ? start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
}
