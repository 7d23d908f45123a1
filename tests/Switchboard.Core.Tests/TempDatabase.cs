using Microsoft.Data.Sqlite;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests;

/// <summary>A shared SQLite database in a temp folder, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "switchboard-core-test-" + Guid.NewGuid().ToString("N"));

    public TempDatabase()
    {
        Database = new SwitchboardDatabase(Path);
    }

    public string Path => System.IO.Path.Combine(_folder, "usage.db");

    public SwitchboardDatabase Database { get; }

    /// <summary>A second handle on the same file, as another process would open it.</summary>
    public SwitchboardDatabase OpenAgain() => new(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
