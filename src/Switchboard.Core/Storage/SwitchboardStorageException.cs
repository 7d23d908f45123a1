namespace Switchboard.Core.Storage;

/// <summary>The shared database cannot be created, opened or read (a folder without write access, a corrupt file).</summary>
public sealed class SwitchboardStorageException(string path, Exception inner)
    : Exception($"Cannot use the Switchboard database '{path}': {inner.Message}", inner)
{
    /// <summary>The database file.</summary>
    public string FilePath { get; } = path;
}
