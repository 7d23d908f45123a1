using Switchboard.Configuration;

namespace Switchboard.Memory;

/// <summary>Where memories are kept by default: their own SQLite file in the data directory, beside the conversations.</summary>
public static class MemoryPaths
{
    /// <summary><c>{data directory}/memory.db</c> (see <see cref="SwitchboardPaths.DataDirectory"/>).</summary>
    public static string Database(Func<string, string?> environment) =>
        Path.Combine(SwitchboardPaths.DataDirectory(environment), "memory.db");
}
