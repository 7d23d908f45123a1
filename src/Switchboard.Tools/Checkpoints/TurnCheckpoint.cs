namespace Switchboard.Tools;

/// <summary>The files one user turn changed, each as it was before the turn first changed it.</summary>
public sealed class TurnCheckpoint
{
    private readonly List<FileCheckpoint> _files = [];

    internal TurnCheckpoint(int number) => Number = number;

    /// <summary>The turn's number in the session, from 1.</summary>
    public int Number { get; }

    /// <summary>The changed files, in the order they were first changed.</summary>
    public IReadOnlyList<FileCheckpoint> Files => _files;

    /// <summary>Keeps the first state of a file; later changes in the same turn do not replace it.</summary>
    internal bool TryAdd(FileCheckpoint file)
    {
        if (_files.Exists(f => string.Equals(f.FullPath, file.FullPath, StringComparison.Ordinal)))
        {
            return false;
        }

        _files.Add(file);
        return true;
    }
}
