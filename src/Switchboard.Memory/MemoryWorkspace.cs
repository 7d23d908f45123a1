namespace Switchboard.Memory;

/// <summary>One spelling per workspace, so a path given with and without a trailing slash is the same scope.</summary>
internal static class MemoryWorkspace
{
    /// <summary>The stored form of a workspace; null and whitespace mean global (empty).</summary>
    public static string Normalize(string? workspace)
    {
        if (string.IsNullOrWhiteSpace(workspace))
        {
            return string.Empty;
        }

        var trimmed = workspace.Trim();
        return trimmed.Length > 1 ? trimmed.TrimEnd('/', '\\') : trimmed;
    }
}
