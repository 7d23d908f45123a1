using System.Numerics.Tensors;

namespace Switchboard.Memory.Search;

/// <summary>
/// Every current-model vector in memory, unit length, in fixed-size blocks, searched exhaustively with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>. Exact search is fast enough at
/// personal scale (100,000 x 384 floats is 150 MB and one pass over it is a few milliseconds), has no recall loss
/// and no index to tune; blocks avoid copying everything when the index grows. Searches share a read lock; the
/// background writer takes the write lock only to append or remove.
/// </summary>
internal sealed class VectorIndex : IDisposable
{
    private const int BlockRows = 4096;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Block> _blocks = [];
    private readonly Dictionary<long, (int Block, int Row)> _positions = [];
    private readonly Dictionary<string, int> _workspaceIds = new(StringComparer.Ordinal);

    /// <summary>The vector length, fixed by the first vector added; 0 while empty.</summary>
    public int Dimensions { get; private set; }

    /// <summary>How many vectors are searchable.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _positions.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Adds (or replaces) the vector of memory <paramref name="seq"/>.</summary>
    /// <exception cref="InvalidOperationException">The vector's length differs from the index's.</exception>
    public void Add(long seq, string workspace, MemoryKind kind, ReadOnlySpan<float> vector)
    {
        var normalized = Normalize(vector);
        _lock.EnterWriteLock();
        try
        {
            if (Dimensions == 0)
            {
                Dimensions = normalized.Length;
            }
            else if (normalized.Length != Dimensions)
            {
                throw new InvalidOperationException($"A vector of {normalized.Length} dimensions cannot join an index of {Dimensions}; the embedding model changed without a reindex.");
            }

            RemoveLocked(seq);
            if (_blocks.Count == 0 || _blocks[^1].Count == BlockRows)
            {
                _blocks.Add(new Block(Dimensions));
            }

            var block = _blocks[^1];
            var row = block.Count++;
            normalized.CopyTo(block.Vectors.AsSpan(row * Dimensions, Dimensions));
            block.Seqs[row] = seq;
            block.Workspaces[row] = WorkspaceId(workspace);
            block.Kinds[row] = (byte)kind;
            _positions[seq] = (_blocks.Count - 1, row);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the vector of memory <paramref name="seq"/>, if any.</summary>
    public void Remove(long seq)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(seq);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Forgets every vector (before a full reindex to another model).</summary>
    public void Clear()
    {
        _lock.EnterWriteLock();
        try
        {
            _blocks.Clear();
            _positions.Clear();
            Dimensions = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The <paramref name="count"/> memories most similar to <paramref name="query"/> in the scope, best first.</summary>
    public List<(long Seq, float Similarity)> Search(ReadOnlySpan<float> query, MemoryScope scope, IReadOnlySet<MemoryKind>? kinds, int count)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var normalizedQuery = Normalize(query);
        _lock.EnterReadLock();
        try
        {
            if (_positions.Count == 0)
            {
                return [];
            }

            if (normalizedQuery.Length != Dimensions)
            {
                throw new InvalidOperationException($"The query vector has {normalizedQuery.Length} dimensions and the stored ones {Dimensions}; the embedding model changed without a reindex.");
            }

            var filter = new RowFilter(AllowedWorkspaces(scope), AllowedKinds(kinds));

            // The scan is bound by memory bandwidth; with several cores each takes a share of the blocks (a block is
            // 6 MB of vectors at 384 dimensions) and the per-core winners are merged.
            var workers = Math.Min(Environment.ProcessorCount, _blocks.Count / 2);
            if (workers <= 1)
            {
                return Drain(ScanBlocks(0, 1, normalizedQuery, filter, count));
            }

            var partial = new PriorityQueue<long, float>[workers];
            Parallel.For(0, workers, worker => partial[worker] = ScanBlocks(worker, workers, normalizedQuery, filter, count));
            var merged = new PriorityQueue<long, float>(count + 1);
            foreach (var queue in partial)
            {
                while (queue.TryDequeue(out var seq, out var similarity))
                {
                    Offer(merged, seq, similarity, count);
                }
            }

            return Drain(merged);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>The best <paramref name="count"/> rows of every <paramref name="stride"/>-th block from <paramref name="first"/> (a min-heap).</summary>
    private PriorityQueue<long, float> ScanBlocks(int first, int stride, float[] query, RowFilter filter, int count)
    {
        var best = new PriorityQueue<long, float>(count + 1);
        for (var b = first; b < _blocks.Count; b += stride)
        {
            var block = _blocks[b];
            var vectors = block.Vectors.AsSpan();
            for (var row = 0; row < block.Count; row++)
            {
                if (block.Seqs[row] != 0 && filter.Workspaces[block.Workspaces[row]] && filter.Kinds[block.Kinds[row]])
                {
                    Offer(best, block.Seqs[row], TensorPrimitives.Dot(vectors.Slice(row * Dimensions, Dimensions), query), count);
                }
            }
        }

        return best;
    }

    /// <summary>Keeps <paramref name="seq"/> if the heap is not full or it beats the worst kept.</summary>
    private static void Offer(PriorityQueue<long, float> best, long seq, float similarity, int count)
    {
        if (best.Count < count)
        {
            best.Enqueue(seq, similarity);
        }
        else if (best.TryPeek(out _, out var worst) && similarity > worst)
        {
            best.EnqueueDequeue(seq, similarity);
        }
    }

    /// <summary>The heap's contents, best first.</summary>
    private static List<(long Seq, float Similarity)> Drain(PriorityQueue<long, float> best)
    {
        var results = new List<(long Seq, float Similarity)>(best.Count);
        while (best.TryDequeue(out var seq, out var similarity))
        {
            results.Add((seq, similarity));
        }

        results.Reverse();
        return results;
    }

    private static bool[] AllowedKinds(IReadOnlySet<MemoryKind>? kinds)
    {
        var allowed = new bool[Enum.GetValues<MemoryKind>().Length];
        foreach (var kind in Enum.GetValues<MemoryKind>())
        {
            allowed[(int)kind] = kinds is null || kinds.Contains(kind);
        }

        return allowed;
    }

    /// <summary>Unit length, so a dot product is the cosine. A zero vector stays zero (similar to nothing).</summary>
    private static float[] Normalize(ReadOnlySpan<float> vector)
    {
        if (vector.IsEmpty)
        {
            throw new ArgumentException("A vector needs at least one dimension.", nameof(vector));
        }

        var result = vector.ToArray();
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }

    private bool[] AllowedWorkspaces(MemoryScope scope)
    {
        var allowed = new bool[_workspaceIds.Count];
        foreach (var (workspace, id) in _workspaceIds)
        {
            allowed[id] = scope.Includes(workspace);
        }

        return allowed;
    }

    private int WorkspaceId(string workspace)
    {
        if (!_workspaceIds.TryGetValue(workspace, out var id))
        {
            id = _workspaceIds.Count;
            _workspaceIds.Add(workspace, id);
        }

        return id;
    }

    private void RemoveLocked(long seq)
    {
        if (_positions.Remove(seq, out var position))
        {
            // A tombstone: the row is skipped by searches; reindex or the next open compacts.
            _blocks[position.Block].Seqs[position.Row] = 0;
        }
    }

    private readonly record struct RowFilter(bool[] Workspaces, bool[] Kinds);

    private sealed class Block(int dimensions)
    {
        public float[] Vectors { get; } = new float[BlockRows * dimensions];

        public long[] Seqs { get; } = new long[BlockRows];

        public int[] Workspaces { get; } = new int[BlockRows];

        public byte[] Kinds { get; } = new byte[BlockRows];

        public int Count { get; set; }
    }
}
