namespace Switchboard.Tools;

/// <summary>
/// Remembers, per user turn, every file edit_file and write_file change: its content before the turn's first change,
/// or that it did not exist. <see cref="UndoLastTurn"/> puts the last turn's files back.
/// </summary>
/// <remarks>
/// <para>Only the file tools are tracked: what a shell command changes (run_command) is not. Undo writes the old bytes
/// back whatever happened to the file since, so changes made after the turn, by anyone, are lost with it.</para>
/// <para>Thread-safe: tools of one turn may run at once. The oldest turns are forgotten past <see cref="MaxTurns"/>,
/// so a long session does not keep every file it ever touched.</para>
/// </remarks>
public sealed class FileCheckpointStore
{
    public const int DefaultMaxTurns = 50;

    private readonly Lock _lock = new();
    private readonly List<TurnCheckpoint> _turns = [];
    private int _lastNumber;

    public FileCheckpointStore(int maxTurns = DefaultMaxTurns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTurns);
        MaxTurns = maxTurns;
    }

    /// <summary>How many turns are remembered.</summary>
    public int MaxTurns { get; }

    /// <summary>The remembered turns, oldest first.</summary>
    public IReadOnlyList<TurnCheckpoint> Turns
    {
        get
        {
            lock (_lock)
            {
                return [.. _turns];
            }
        }
    }

    /// <summary>Starts a new turn: changes from now on are undone together.</summary>
    public TurnCheckpoint BeginTurn()
    {
        lock (_lock)
        {
            var turn = new TurnCheckpoint(++_lastNumber);
            _turns.Add(turn);
            if (_turns.Count > MaxTurns)
            {
                _turns.RemoveAt(0);
            }

            return turn;
        }
    }

    /// <summary>
    /// Restores the files of the most recent turn that changed any: earlier content written back (permissions
    /// too), files the turn created deleted, with the folders it created for them if they are empty. That turn is
    /// then forgotten, so calling again undoes the turn before it. Null when no remembered turn changed a file.
    /// </summary>
    public UndoResult? UndoLastTurn()
    {
        TurnCheckpoint? turn;
        lock (_lock)
        {
            var index = _turns.FindLastIndex(t => t.Files.Count > 0);
            if (index < 0)
            {
                return null;
            }

            turn = _turns[index];
            _turns.RemoveRange(index, _turns.Count - index);
        }

        var restored = new List<string>();
        var deleted = new List<string>();
        var failures = new List<string>();
        foreach (var file in turn.Files.Reverse())
        {
            try
            {
                if (file.Existed)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file.FullPath)!);
                    TextFile.WriteAtomically(file.FullPath, file.OriginalContent.Span, file.OriginalMode);
                    restored.Add(file.Path);
                }
                else
                {
                    File.Delete(file.FullPath);
                    RemoveIfEmpty(file.CreatedDirectories);
                    deleted.Add(file.Path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{file.Path}: {ex.Message}");
            }
        }

        restored.Reverse();
        deleted.Reverse();
        return new UndoResult(turn.Number, restored, deleted, failures);
    }

    /// <summary>Records a file's state before a change, unless the current turn already has it.</summary>
    internal void RecordOriginal(FileCheckpoint file)
    {
        lock (_lock)
        {
            var turn = _turns.Count > 0 ? _turns[^1] : null;
            if (turn is null)
            {
                // A change before any turn began (a host that never calls BeginTurn) still gets a checkpoint.
                turn = new TurnCheckpoint(++_lastNumber);
                _turns.Add(turn);
            }

            turn.TryAdd(file);
        }
    }

    private static void RemoveIfEmpty(IReadOnlyList<string> directories)
    {
        foreach (var directory in directories)
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
    }
}
